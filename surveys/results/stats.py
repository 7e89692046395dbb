"""Survey statistics: counted in SQL, with the small-group rule applied per row.

Two queries do the counting for a whole questionnaire, whatever the number of
responses: respondents per role, and Likert answers per question, role and
scale point. Everything else (shares, scores, spreads) is arithmetic on those
few hundred numbers.

Every statement and theme row goes through ``protection.row_hidden`` (the
one rule, ``core.protection.suppress``). Pages, slides and exports do not use
this module directly: they call ``surveys.results.read.results_read``, which
adds the municipality filter and its guards on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import TypeVar

from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet

from core.protection import threshold
from regions.models import ParticipantRole

from ..models import Answer
from ..models import Question
from ..models import Questionnaire
from ..models import Response
from ..structure import QuestionView
from ..structure import Structure
from ..structure import ThemeView
from ..structure import structure_for
from .protection import ALL
from .protection import roles_hidden
from .protection import row_hidden

__all__ = ["ALL", "SCALE", "Cell", "Results", "ThemeResult", "survey_results"]

SCALE = (1, 2, 3, 4, 5)
# "Most different": themes whose roles' scores lie at least this many points
# apart, the largest differences first, at most this many. The one place.
MOST_DIFFERENT_LIMIT = 3
MOST_DIFFERENT_MINIMUM = 15.0

T = TypeVar("T")


def spread_of(scores: Iterable[float | None]) -> float | None:
    """The largest difference between two shown roles' scores (None: fewer than 2)."""
    shown = [score for score in scores if score is not None]
    return max(shown) - min(shown) if len(shown) >= 2 else None


def rank_most_different(
    items: Iterable[T],
    spread: Callable[[T], float | None],
    *,
    limit: int = MOST_DIFFERENT_LIMIT,
    minimum: float = MOST_DIFFERENT_MINIMUM,
) -> list[T]:
    """The items whose ``spread`` is at least ``minimum``, largest first."""
    spreads = [(spread(item), item) for item in items]
    ranked = [
        (value, item)
        for value, item in spreads
        if value is not None and value >= minimum
    ]
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _value, item in ranked[:limit]]


@dataclass
class Cell:
    """Likert answers of one group: counts per scale point, and "weet ik niet"."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCALE, 0))
    dont_know: int = 0
    hidden: bool = False

    @property
    def n(self) -> int:
        """Answers on the scale (without "weet ik niet")."""
        return sum(self.counts.values())

    @property
    def share_positive(self) -> float | None:
        """Share of (helemaal) mee eens among the answers on the scale, 0..1."""
        return (self.counts[4] + self.counts[5]) / self.n if self.n else None

    @property
    def share_negative(self) -> float | None:
        return (self.counts[1] + self.counts[2]) / self.n if self.n else None

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        return sum(point * count for point, count in self.counts.items()) / self.n

    @property
    def score(self) -> float | None:
        """The mean on a 0-100 scale: 0 all "helemaal oneens", 100 all "helemaal eens"."""
        mean = self.mean
        return None if mean is None else (mean - 1) / 4 * 100

    def add(self, other: Cell) -> None:
        for point in SCALE:
            self.counts[point] += other.counts[point]
        self.dont_know += other.dont_know


@dataclass
class QuestionResult:
    question: QuestionView
    cells: dict[str, Cell]  # ALL and role values


@dataclass
class ThemeResult:
    theme: ThemeView
    questions: list[QuestionResult]
    cells: dict[str, Cell]  # all Likert answers of the theme per group
    respondents: dict[str, int]  # the most answers any one statement got, per group
    open_counts: dict[str, int] = field(default_factory=dict)  # per role, and ALL
    open_by_kind: dict[str, int] = field(default_factory=dict)  # went_well, ...

    @property
    def title(self) -> str:
        """The theme's title in the language of the request."""
        return self.theme.heading(child=False)

    def score(self, group: str) -> float | None:
        cell = self.cells.get(group)
        return None if cell is None or cell.hidden else cell.score

    @property
    def spread(self) -> float | None:
        """The largest difference in score between two shown roles."""
        return spread_of(
            cell.score
            for group, cell in self.cells.items()
            if group != ALL and not cell.hidden
        )


@dataclass
class Results:
    structure: Structure | None  # None: the trajectory has no questionnaire yet
    respondents: dict[str, int]  # per role, and ALL
    hidden_roles: set[str]
    themes: list[ThemeResult]

    @property
    def roles(self) -> list[str]:
        """Roles with respondents, in the standard order."""
        return [r for r in ParticipantRole.values if self.respondents.get(r, 0) > 0]

    @property
    def shown_roles(self) -> list[str]:
        return [r for r in self.roles if r not in self.hidden_roles]

    @property
    def total(self) -> int:
        return self.respondents.get(ALL, 0)

    @property
    def total_hidden(self) -> bool:
        return 0 < self.total < threshold()

    def most_different(
        self,
        *,
        limit: int = MOST_DIFFERENT_LIMIT,
        minimum: float = MOST_DIFFERENT_MINIMUM,
    ) -> list[ThemeResult]:
        """Themes where the roles' scores differ most (at least ``minimum`` points)."""
        return rank_most_different(
            self.themes, lambda t: t.spread, limit=limit, minimum=minimum
        )


def empty_results() -> Results:
    """The results of a trajectory without a questionnaire: nothing to show."""
    return Results(structure=None, respondents={ALL: 0}, hidden_roles=set(), themes=[])


def _responses(
    questionnaire_ids: Iterable[int], municipality_id: int | None
) -> QuerySet[Response]:
    responses = Response.objects.filter(questionnaire_id__in=list(questionnaire_ids))
    if municipality_id is not None:
        responses = responses.filter(municipality_id=municipality_id)
    return responses


def respondents_by_role(
    *, questionnaire_ids: Iterable[int], municipality_id: int | None = None
) -> dict[str, int]:
    """Respondents per role, one GROUP BY query; ``ALL`` holds the total."""
    rows = (
        _responses(questionnaire_ids, municipality_id)
        .values("role")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["role"]: row["n"] for row in rows}
    counts[ALL] = sum(counts.values())
    return counts


def _answers(
    questionnaire_ids: Iterable[int], municipality_id: int | None
) -> QuerySet[Answer]:
    """Answers of these questionnaires, joined to their response only once."""
    answers = Answer.objects.filter(
        response__questionnaire_id__in=list(questionnaire_ids)
    )
    if municipality_id is not None:
        answers = answers.filter(response__municipality_id=municipality_id)
    return answers


def answer_counts(
    *, questionnaire_ids: Iterable[int], municipality_id: int | None = None
) -> tuple[dict[tuple[int, str], Cell], dict[tuple[int, str], int]]:
    """Likert cells and non-empty open answers per (question, role).

    One GROUP BY query, one pass over the answers: a Likert answer has a
    ``number``, an open answer a ``text`` and no number. A choice answer has
    neither and is counted in neither.
    """
    rows = (
        _answers(questionnaire_ids, municipality_id)
        .values_list("question_id", "response__role", "number")
        .annotate(n=Count("id"), texts=Count("id", filter=~Q(text="")))
        .order_by()
    )
    cells: dict[tuple[int, str], Cell] = defaultdict(Cell)
    open_counts: dict[tuple[int, str], int] = {}
    for question_id, role, number, n, texts in rows:
        if number is None:
            if texts:
                open_counts[(question_id, role)] = texts
            continue
        cell = cells[(question_id, role)]
        if number == Answer.DONT_KNOW:
            cell.dont_know += n
        elif number in cell.counts:
            cell.counts[number] += n
    return cells, open_counts


def _apply_row_suppression(
    cells: dict[str, Cell], sizes: dict[str, int], hidden_roles: set[str]
) -> None:
    for group in row_hidden(sizes, hidden_roles):
        cells[group].hidden = True


def survey_results(
    *, questionnaire: Questionnaire, municipality_id: int | None = None
) -> Results:
    """Results per theme, statement and role for one questionnaire (2 queries).

    Every row is protected on its own; ``results_read`` adds the guards a
    municipality filter needs, and offers that filter only where
    ``protection.municipality_filter_allowed`` says so.
    """
    structure = structure_for(questionnaire)
    ids = [questionnaire.pk]
    respondents = respondents_by_role(
        questionnaire_ids=ids, municipality_id=municipality_id
    )
    counts, open_counts = answer_counts(
        questionnaire_ids=ids, municipality_id=municipality_id
    )
    roles = [r for r in ParticipantRole.values if respondents.get(r, 0) > 0]
    hidden_roles = roles_hidden(respondents, roles)

    themes: list[ThemeResult] = []
    for theme in structure.themes:
        question_results: list[QuestionResult] = []
        theme_cells = {group: Cell() for group in [ALL, *roles]}
        theme_sizes = dict.fromkeys([ALL, *roles], 0)
        likert = [q for q in theme.questions if q.kind == Question.Kind.LIKERT]
        for question in likert:
            cells = {group: Cell() for group in [ALL, *roles]}
            for role in roles:
                cell = counts.get((question.id, role))
                if cell is not None:
                    cells[role].add(cell)
                    cells[ALL].add(cell)
            sizes = {group: cells[group].n for group in cells}
            _apply_row_suppression(cells, sizes, hidden_roles)
            # A theme figure adds up only the statement figures that are
            # shown: otherwise theme minus shown statements gives a hidden
            # one back.
            for group, cell in cells.items():
                if cell.hidden:
                    continue
                theme_cells[group].add(cell)
                theme_sizes[group] = max(theme_sizes[group], cell.n)
            question_results.append(QuestionResult(question=question, cells=cells))
        _apply_row_suppression(theme_cells, theme_sizes, hidden_roles)
        open_by_role = {
            role: sum(
                open_counts.get((q.id, role), 0)
                for q in theme.questions
                if q.kind == Question.Kind.OPEN
            )
            for role in roles
        }
        open_by_role[ALL] = sum(open_by_role.values())
        open_by_kind: dict[str, int] = defaultdict(int)
        for q in theme.questions:
            if q.kind == Question.Kind.OPEN:
                open_by_kind[q.open_kind] += sum(
                    open_counts.get((q.id, role), 0) for role in roles
                )
        themes.append(
            ThemeResult(
                theme=theme,
                questions=question_results,
                cells=theme_cells,
                respondents=theme_sizes,
                open_counts=open_by_role,
                open_by_kind=dict(open_by_kind),
            )
        )
    return Results(
        structure=structure,
        respondents=respondents,
        hidden_roles=hidden_roles,
        themes=themes,
    )
