"""Survey statistics: counted in SQL, safe for small groups.

Two queries do the counting for a whole questionnaire, whatever the number of
responses: respondents per role, and Likert answers per question, role and
scale point. Everything else (shares, scores, spreads) is arithmetic on those
few hundred numbers.

Small groups stay anonymous (``suppress``): no number is shown for a group of
fewer than ``SMALL_GROUP_THRESHOLD`` respondents, and a hidden group can never
be worked out by subtracting the shown groups from a shown total: whenever
the hidden groups of a row add up to between 1 and threshold-1, the smallest
shown group is hidden as well, until the hidden rest is 0 or at least the
threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Count
from django.db.models import Q

from core.protection import suppress
from core.protection import threshold
from regions.models import ParticipantRole

from .models import Answer
from .models import Question
from .models import Response
from .structure import QuestionView
from .structure import Structure
from .structure import ThemeView
from .structure import structure_for

ALL = "all"
SCALE = (1, 2, 3, 4, 5)


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

    def score(self, group: str) -> float | None:
        cell = self.cells.get(group)
        return None if cell is None or cell.hidden else cell.score

    @property
    def spread(self) -> float | None:
        """The largest difference in score between two shown roles."""
        scores = [
            cell.score
            for group, cell in self.cells.items()
            if group != ALL and not cell.hidden and cell.score is not None
        ]
        return max(scores) - min(scores) if len(scores) >= 2 else None


@dataclass
class Results:
    structure: Structure
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
        self, *, limit: int = 3, minimum: float = 15.0
    ) -> list[ThemeResult]:
        """Themes where the roles' scores differ most (at least ``minimum`` points)."""
        ranked = sorted(
            (t for t in self.themes if t.spread is not None and t.spread >= minimum),
            key=lambda t: t.spread,
            reverse=True,
        )
        return ranked[:limit]


def _responses(questionnaire_ids: Iterable[int], municipality_id: int | None):
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


def _answers(questionnaire_ids: Iterable[int], municipality_id: int | None):
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
    roles = {group: n for group, n in sizes.items() if group != ALL}
    hidden = suppress(roles, total=sizes.get(ALL), already_hidden=hidden_roles)
    for group in hidden:
        cells[group].hidden = True
    if 0 < sizes.get(ALL, 0) < threshold():
        cells[ALL].hidden = True


def survey_results(*, questionnaire, municipality_id: int | None = None) -> Results:
    """Results per theme, statement and role for one questionnaire (2 queries).

    With ``municipality_id`` the results cover one municipality; callers
    offer that filter only where ``municipality_filter_allowed`` says so.
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
    hidden_roles = suppress(
        {r: respondents[r] for r in roles}, total=respondents.get(ALL, 0)
    )

    themes: list[ThemeResult] = []
    for theme in structure.themes:
        question_results = []
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


def municipality_filter_allowed(
    *, municipality_counts: Mapping[int | None, int]
) -> set[int]:
    """Municipalities whose results may be shown on their own.

    Both the municipality and the rest of the respondents must be groups of
    at least the threshold, so "all minus this municipality" reveals no
    small group either.
    """
    total = sum(municipality_counts.values())
    limit = threshold()
    return {
        municipality_id
        for municipality_id, n in municipality_counts.items()
        if municipality_id is not None
        and n >= limit
        and (total - n == 0 or total - n >= limit)
    }
