"""Reads of a meeting's meeting mode: its steps and what each step shows.

The survey's figures come from ``surveys.results`` (the one protected read)
and its quotes from ``surveys.review`` (approved ones only); the round's
figures from the voting room's selectors, which hide small roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Count
from django.db.models import Q
from django.utils.translation import gettext as _

from surveys.results import ResultsRead
from surveys.results import questionnaire_of
from surveys.results import results_read
from surveys.review.selectors import Quote
from surveys.review.selectors import quotes_for_meeting

from ..meetings.models import Invitee
from ..meetings.models import Meeting
from ..voting.models import VotingRound

QUOTES_PER_SLIDE = 2
QUOTE_MAX_CHARS = 160


class Kind:
    AGENDA = "agenda"
    RESULTS = "results"
    THEME = "theme"
    JOIN = "join"
    LIVE = "live"
    RANKING = "ranking"
    CHOSEN = "chosen"


@dataclass(frozen=True)
class Step:
    number: int
    kind: str
    title: str
    theme_index: int | None = None


@dataclass
class Presentation:
    """A meeting's steps and the reads they need, read once per request."""

    meeting: Meeting
    read: ResultsRead
    rounds: list[VotingRound]
    steps: list[Step] = field(default_factory=list)

    @property
    def voting_round(self) -> VotingRound | None:
        """The meeting's latest round: the one voters join now."""
        return self.rounds[0] if self.rounds else None

    @property
    def closed_round(self) -> VotingRound | None:
        """The meeting's latest closed round: the one whose ranking is shown."""
        return next((r for r in self.rounds if not r.is_open), None)

    @property
    def confirmed_round(self) -> VotingRound | None:
        return next((r for r in self.rounds if r.confirmed_at), None)

    @property
    def count(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """The step ``number``, kept within the first and the last."""
        return self.steps[min(max(number, 1), self.count) - 1]

    def neighbour(self, step: Step, offset: int) -> Step | None:
        number = step.number + offset
        return self.steps[number - 1] if 1 <= number <= self.count else None


def _steps(read: ResultsRead, voting_round: VotingRound | None) -> list[Step]:
    kinds: list[tuple[str, str, int | None]] = [
        (Kind.AGENDA, _("Agenda"), None),
        (Kind.RESULTS, _("Resultaten van de vragenlijst"), None),
    ]
    if read.has_results:
        kinds += [
            (Kind.THEME, theme.title, index) for index, theme in enumerate(read.themes)
        ]
    if voting_round is not None:
        kinds += [
            (Kind.JOIN, _("Meedoen met stemmen"), None),
            (Kind.LIVE, _("De stand"), None),
            (Kind.RANKING, _("Uitslag, ook per rol"), None),
            (Kind.CHOSEN, _("Gekozen onderwerpen"), None),
        ]
    return [
        Step(number=number, kind=kind, title=str(title), theme_index=index)
        for number, (kind, title, index) in enumerate(kinds, start=1)
    ]


def presentation_for(*, meeting: Meeting) -> Presentation:
    """The meeting's steps: agenda, results slides, then its round's steps.

    A fixed number of queries: the results read, and the meeting's rounds.
    """
    read = results_read(questionnaire=questionnaire_of(meeting.trajectory))
    rounds = list(
        VotingRound.objects.filter(meeting=meeting).order_by("-created_at", "-pk")
    )
    presentation = Presentation(meeting=meeting, read=read, rounds=rounds)
    presentation.steps = _steps(read, presentation.voting_round)
    return presentation


def theme_quotes(*, meeting: Meeting, theme_key: str) -> list[Quote]:
    """A few approved quotes of one theme for its slide; short ones first."""
    entry = quotes_for_meeting(questionnaire=questionnaire_of(meeting.trajectory)).get(
        theme_key
    )
    if entry is None:
        return []
    quotes = entry.went_well + entry.could_be_better + entry.other
    fitting = [q for q in quotes if len(q.text) <= QUOTE_MAX_CHARS]
    return fitting[:QUOTES_PER_SLIDE]


@dataclass(frozen=True)
class Attendance:
    present: int
    coming: int


def meeting_attendance(*, meeting: Meeting) -> Attendance:
    """Who was ticked present and who said yes; one query."""
    row = Invitee.objects.filter(meeting=meeting).aggregate(
        present=Count("pk", filter=Q(attended=True)),
        coming=Count("pk", filter=Q(response=Invitee.Response.YES)),
    )
    return Attendance(present=row["present"], coming=row["coming"])
