"""Reads for open answers: the review list for trajectory staff, and quotes.

Two audiences, two functions, never mixed:

- ``review_page`` is for trajectory staff (``surveys.review_open_answers``):
  every open answer with its original text, review state and safety flag.
- ``quotes_for_meeting`` is for everyone who follows the trajectory, and for
  slides and the PDF: only texts a reviewer approved (or edited), never an
  answer flagged unsafe, never a hidden or unreviewed one.

Neither shows a municipality or anything else about the respondent next to
a text. The role is shown only for roles large enough to pass the small-group
rule of ``core.protection`` (``suppress``): "Ouder" under a quote in a region
with three ouders would point at one of three people.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.protection import suppress
from core.protection import threshold
from regions.models import ParticipantRole

from ..models import Answer
from ..models import OpenAnswerReview
from ..models import Question
from ..models import Questionnaire
from ..results.figures import ALL
from ..results.queries import respondents_by_role
from ..structure import QuestionView
from ..structure import ThemeView
from ..structure import structure_for

WENT_WELL = Question.OpenKind.WENT_WELL.value
COULD_BE_BETTER = Question.OpenKind.COULD_BE_BETTER.value
OTHER = Question.OpenKind.OTHER.value
OPEN_KINDS = (WENT_WELL, COULD_BE_BETTER, OTHER)
OPEN_KIND_LABELS = {
    WENT_WELL: _("Wat gaat goed?"),
    COULD_BE_BETTER: _("Wat kan beter?"),
    OTHER: _("Andere open vragen"),
}

# Review page filters (the ``toon`` query parameter).
SHOW_UNREVIEWED = "nieuw"
SHOW_FLAGGED = "gemarkeerd"
SHOW_ALL = "alles"
SHOW_CHOICES = (SHOW_UNREVIEWED, SHOW_FLAGGED, SHOW_ALL)

SHOWN_STATUSES = (OpenAnswerReview.Status.APPROVED, OpenAnswerReview.Status.EDITED)


def _open_kind(question: QuestionView) -> str:
    return question.open_kind if question.open_kind in OPEN_KINDS else OTHER


def _open_questions(questionnaire: Questionnaire) -> dict[int, QuestionView]:
    """Open questions of the enabled themes, by id (cached structure, no query)."""
    return {
        q.id: q
        for theme in structure_for(questionnaire).themes
        for q in theme.questions
        if q.kind == Question.Kind.OPEN
    }


def open_answers(*, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """Non-empty answers to the open questions of the enabled themes."""
    return Answer.objects.filter(
        response__questionnaire=questionnaire,
        question_id__in=list(_open_questions(questionnaire)),
    ).exclude(text="")


def roles_shown_with_quotes(*, questionnaire: Questionnaire) -> frozenset[str]:
    """Roles that may be named under a quote: groups that pass ``suppress``.

    One query. A role of fewer than the threshold is never named, and neither
    is a role that ``suppress`` hides so that a small one cannot be worked out.
    """
    counts = respondents_by_role(questionnaire_ids=[questionnaire.pk])
    roles = {role: n for role, n in counts.items() if role != ALL and n > 0}
    hidden = suppress(roles, total=counts.get(ALL, 0))
    return frozenset(
        role for role, n in roles.items() if role not in hidden and n >= threshold()
    )


def _role_label(role: str, shown_roles: frozenset[str]) -> str:
    if role not in shown_roles:
        return ""
    return str(dict(ParticipantRole.choices).get(role, ""))


# --- Counts ------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewCounts:
    total: int
    unreviewed: int
    flagged: int


def review_counts(*, questionnaire: Questionnaire | None) -> ReviewCounts:
    """Open answers, those not reviewed yet and those flagged unsafe (one query)."""
    if questionnaire is None:
        return ReviewCounts(total=0, unreviewed=0, flagged=0)
    row = open_answers(questionnaire=questionnaire).aggregate(
        total=Count("pk"),
        unreviewed=Count(
            "pk",
            filter=Q(review__isnull=True)
            | Q(review__status=OpenAnswerReview.Status.UNREVIEWED),
        ),
        flagged=Count("pk", filter=Q(review__unsafe=True)),
    )
    return ReviewCounts(
        total=row["total"], unreviewed=row["unreviewed"], flagged=row["flagged"]
    )


def unreviewed_count(*, questionnaire: Questionnaire | None) -> int:
    """Open answers nobody has reviewed yet (flagged ones included)."""
    return review_counts(questionnaire=questionnaire).unreviewed


def flagged_count(*, questionnaire: Questionnaire | None) -> int:
    """Open answers flagged as possibly unsafe (automatically or by a reviewer)."""
    return review_counts(questionnaire=questionnaire).flagged


# --- The review page (trajectory staff only) ----------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One open answer as its reviewer sees it: original text and state."""

    answer_id: int
    question_text: str
    text: str
    role_label: str
    review: OpenAnswerReview | None

    @property
    def status(self) -> str:
        return self.review.status if self.review else OpenAnswerReview.Status.UNREVIEWED

    @property
    def status_label(self) -> str:
        return str(OpenAnswerReview.Status(self.status).label)

    @property
    def unsafe(self) -> bool:
        return bool(self.review and self.review.unsafe)

    @property
    def auto_flagged(self) -> bool:
        return bool(self.review and self.review.auto_flagged)

    @property
    def flag_cleared(self) -> bool:
        """An automatic flag that a reviewer removed (a recorded decision)."""
        return self.auto_flagged and not self.unsafe

    @property
    def edited_text(self) -> str:
        return self.review.edited_text if self.review else ""

    @property
    def is_edited(self) -> bool:
        return self.status == OpenAnswerReview.Status.EDITED

    @property
    def shown_text(self) -> str | None:
        return self.review.shown_text if self.review else None

    @property
    def reviewed_by(self) -> str:
        user = self.review.reviewed_by if self.review else None
        return str(user) if user else ""

    @property
    def reviewed_at(self) -> datetime | None:
        return self.review.reviewed_at if self.review else None


@dataclass
class ReviewGroup:
    kind: str
    label: str
    items: list[ReviewItem] = field(default_factory=list)


@dataclass
class ReviewTheme:
    theme: ThemeView
    groups: list[ReviewGroup]

    @property
    def title(self) -> str:
        return self.theme.heading(child=False)

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


@dataclass
class ReviewPage:
    show: str
    themes: list[ReviewTheme]
    counts: ReviewCounts
    roles_shown: frozenset[str]

    @property
    def shown_count(self) -> int:
        return sum(theme.count for theme in self.themes)


def _filtered(answers: QuerySet[Answer], show: str) -> QuerySet[Answer]:
    if show == SHOW_UNREVIEWED:
        return answers.filter(
            Q(review__isnull=True)
            | Q(review__status=OpenAnswerReview.Status.UNREVIEWED)
        )
    if show == SHOW_FLAGGED:
        return answers.filter(review__unsafe=True)
    return answers


def _review_of(answer: Answer) -> OpenAnswerReview | None:
    try:
        return answer.review
    except OpenAnswerReview.DoesNotExist:
        return None


def review_page(*, questionnaire: Questionnaire | None, show: str) -> ReviewPage:
    """Open answers per theme and kind for reviewers (three queries).

    ``show`` is one of ``SHOW_CHOICES``; anything else means ``SHOW_ALL``.
    Answers appear in the order they came in within each question.
    """
    show = show if show in SHOW_CHOICES else SHOW_ALL
    if questionnaire is None:
        return ReviewPage(
            show=show,
            themes=[],
            counts=review_counts(questionnaire=None),
            roles_shown=frozenset(),
        )
    questions = _open_questions(questionnaire)
    shown_roles = roles_shown_with_quotes(questionnaire=questionnaire)
    answers = (
        _filtered(open_answers(questionnaire=questionnaire), show)
        .select_related("response", "review", "review__reviewed_by")
        .order_by("pk")
    )
    by_question: dict[int, list[ReviewItem]] = {}
    for answer in answers:
        question = questions[answer.question_id]
        by_question.setdefault(answer.question_id, []).append(
            ReviewItem(
                answer_id=answer.pk,
                question_text=question.wording(child=False),
                text=answer.text,
                role_label=_role_label(answer.response.role, shown_roles),
                review=_review_of(answer),
            )
        )
    themes = []
    for theme in structure_for(questionnaire).themes:
        groups = {
            kind: ReviewGroup(kind=kind, label=str(OPEN_KIND_LABELS[kind]))
            for kind in OPEN_KINDS
        }
        for question in theme.questions:
            if question.id in questions:
                groups[_open_kind(question)].items.extend(
                    by_question.get(question.id, [])
                )
        kept = [group for group in groups.values() if group.items]
        if kept:
            themes.append(ReviewTheme(theme=theme, groups=kept))
    return ReviewPage(
        show=show,
        themes=themes,
        counts=review_counts(questionnaire=questionnaire),
        roles_shown=shown_roles,
    )


# --- Quotes (everyone who follows the trajectory; slides; PDF) ----------------


@dataclass(frozen=True)
class Quote:
    """An approved text; ``role_label`` is empty when the role stays unnamed."""

    text: str
    role_label: str


@dataclass
class ThemeQuotes:
    theme: ThemeView
    went_well: list[Quote] = field(default_factory=list)
    could_be_better: list[Quote] = field(default_factory=list)
    other: list[Quote] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.theme.heading(child=False)

    @property
    def count(self) -> int:
        return len(self.went_well) + len(self.could_be_better) + len(self.other)

    def groups(self) -> list[tuple[str, str, list[Quote]]]:
        """``(kind, label, quotes)`` for the kinds that have quotes."""
        return [
            (kind, str(OPEN_KIND_LABELS[kind]), quotes)
            for kind, quotes in (
                (WENT_WELL, self.went_well),
                (COULD_BE_BETTER, self.could_be_better),
                (OTHER, self.other),
            )
            if quotes
        ]


def approved_answers(*, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """Open answers that may be shown: approved or edited, and not unsafe."""
    return open_answers(questionnaire=questionnaire).filter(
        review__status__in=SHOWN_STATUSES, review__unsafe=False
    )


def quotes_for_meeting(
    *, questionnaire: Questionnaire | None
) -> dict[str, ThemeQuotes]:
    """Approved quotes per theme key, in theme order (two queries).

    Every enabled theme has an entry, possibly empty. Each quote carries its
    shown text (the edited text where a reviewer edited it) and the role only
    where the role group passes the small-group rule; nothing else.
    """
    if questionnaire is None:
        return {}
    questions = _open_questions(questionnaire)
    shown_roles = roles_shown_with_quotes(questionnaire=questionnaire)
    answers = (
        approved_answers(questionnaire=questionnaire)
        .select_related("response", "review")
        .order_by("pk")
    )
    by_question: dict[int, list[Quote]] = {}
    for answer in answers:
        # ``shown_text`` is the one rule for what may be shown; check it again.
        text = answer.review.shown_text
        if not text:
            continue
        by_question.setdefault(answer.question_id, []).append(
            Quote(text=text, role_label=_role_label(answer.response.role, shown_roles))
        )
    result: dict[str, ThemeQuotes] = {}
    for theme in structure_for(questionnaire).themes:
        entry = ThemeQuotes(theme=theme)
        for question in theme.questions:
            if question.id not in questions:
                continue
            getattr(entry, _open_kind(question)).extend(
                by_question.get(question.id, [])
            )
        result[theme.key] = entry
    return result
