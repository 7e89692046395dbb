"""The figures of a questionnaire's results: what ``stats`` counts into.

A ``Cell`` holds the Likert answers of one group (counts per scale point and
"weet ik niet") and what follows from them (shares, mean, score). A
``QuestionResult`` holds a statement's cells per group, a ``ThemeResult`` a
theme's, and ``Results`` all themes of one questionnaire with its
respondents per role. The keys of the cells are the role values and ``ALL``.

"Most different" (``rank_most_different``) is ranked here, the one place.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import TypeVar

from core.protection import threshold
from regions.models import ParticipantRole

from ..models import Answer
from ..structure import QuestionView
from ..structure import Structure
from ..structure import ThemeView

__all__ = [
    "ALL",
    "MOST_DIFFERENT_LIMIT",
    "MOST_DIFFERENT_MINIMUM",
    "SCALE",
    "Cell",
    "QuestionResult",
    "Results",
    "ThemeResult",
    "cell_add",
    "empty_results",
    "rank_most_different",
    "spread_of",
]

ALL = "all"  # the group "everyone", beside the roles
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
    # per group: respondents who answered at least one statement of the theme
    # on the scale (1 to 5), counted in SQL
    respondents: dict[str, int]
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


def cell_add(cell: Cell, number: int, n: int) -> None:
    """Count ``n`` answers ``number`` (0: "weet ik niet") into ``cell``."""
    if number == Answer.DONT_KNOW:
        cell.dont_know += n
    elif number in cell.counts:
        cell.counts[number] += n
