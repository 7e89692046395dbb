"""The themes of a results read: per column a theme figure, per statement its rows.

A theme's figure for a group is the sum of that group's *shown* statement
figures only, so "theme minus the shown statements" cannot reveal a hidden
statement. The themes where the roles differ most are marked here, with the
one ranking in ``figures.rank_most_different``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.utils.translation import gettext as _

from regions.models import ParticipantRole

from ..models import Question
from .bands import Band
from .bands import score_band
from .bands import shown_score
from .charts import LikertRow
from .charts import percent
from .charts import score_bin
from .figures import ALL
from .figures import SCALE
from .figures import Cell
from .figures import Results
from .figures import ThemeResult
from .figures import rank_most_different
from .figures import spread_of

LOWEST_STATEMENTS = 3

SHOWN = "shown"
HIDDEN = "hidden"
NO_ANSWERS = "none"
NOT_ASKED = "not_asked"


def group_label(group: str) -> str:
    return _("Iedereen") if group == ALL else str(ParticipantRole(group).label)


@dataclass
class ScoreCell:
    """One group's theme figure; its numbers exist only when ``state`` is shown."""

    group: str
    state: str  # SHOWN, HIDDEN, NO_ANSWERS or NOT_ASKED
    cell: Cell | None = None
    # respondents of the group who answered at least one statement of the
    # theme on the scale (not a number of answers)
    n: int = 0

    @property
    def raw_score(self) -> float | None:
        return self.cell.score if self.cell is not None else None

    @property
    def score(self) -> int | None:
        raw = self.raw_score
        return None if raw is None else shown_score(raw)

    @property
    def positive(self) -> int | None:
        if self.cell is None:
            return None
        return percent(self.cell.counts[4] + self.cell.counts[5], self.cell.n)

    @property
    def band(self) -> Band | None:
        raw = self.raw_score
        return None if raw is None else score_band(raw)

    @property
    def bin(self) -> int | None:
        raw = self.raw_score
        return None if raw is None else score_bin(raw)

    @property
    def label(self) -> str:
        return group_label(self.group)

    @property
    def summary(self) -> str:
        """The figures behind the cell in words (title attribute and slides)."""
        if self.state == SHOWN:
            return _(
                "%(group)s: score %(score)s van 100 (%(band)s), %(positive)s%% (helemaal) mee eens, n = %(n)s"
            ) % {
                "group": self.label,
                "score": self.score,
                "band": self.band.word if self.band else "",
                "positive": self.positive,
                "n": self.n,
            }
        return f"{self.label}: {self.note}"

    @property
    def note(self) -> str:
        return {
            HIDDEN: _("te weinig antwoorden"),
            NO_ANSWERS: _("geen antwoorden"),
            NOT_ASKED: _("niet gevraagd"),
        }.get(self.state, "")


@dataclass
class StatementRead:
    """One statement: a row per group; a hidden group's row has no cell."""

    id: int
    text: str
    rows: list[LikertRow]
    all_cell: Cell | None
    chart: str = ""  # drawn by the view that shows it

    @property
    def positive(self) -> int | None:
        cell = self.all_cell
        if cell is None or not cell.n:
            return None
        return percent(cell.counts[4] + cell.counts[5], cell.n)

    def table_rows(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        for row in self.rows:
            cell = row.cell
            if cell is None or not cell.n:
                rows.append({"label": row.label, "cell": cell, "counts": []})
                continue
            rows.append(
                {
                    "label": row.label,
                    "cell": cell,
                    "counts": [cell.counts[p] for p in SCALE],
                    "positive": percent(cell.counts[4] + cell.counts[5], cell.n),
                }
            )
        return rows


@dataclass
class ThemeRead:
    key: str
    title: str
    anchor: str
    cells: list[ScoreCell]  # every column, in ``ResultsRead.columns`` order
    statements: list[StatementRead] = field(default_factory=list)
    spread: float | None = None
    different: bool = False
    score_chart: str = ""  # drawn by the view that shows it
    statements_url: str = ""  # where the results page loads the statements from

    def lowest(self, limit: int = LOWEST_STATEMENTS) -> list[StatementRead]:
        """Statements with the lowest share (helemaal) mee eens, shown ones only."""
        ranked = sorted(
            (s for s in self.statements if s.positive is not None),
            key=lambda s: (s.positive or 0, s.id),
        )
        return ranked[:limit]


def _asked(question_roles: frozenset[str], group: str) -> bool:
    return group == ALL or not question_roles or group in question_roles


def theme_cell(theme_result: ThemeResult, group: str) -> ScoreCell:
    """A group's theme figure from its shown statement figures only."""
    asked = [q for q in theme_result.questions if _asked(q.question.roles, group)]
    if not asked:
        return ScoreCell(group, NOT_ASKED)
    stats_cell = theme_result.cells.get(group)
    total, any_hidden = Cell(), False
    for row in asked:
        cell = row.cells.get(group)
        if cell is None:
            continue
        if cell.hidden:
            any_hidden = True
            continue
        total.add(cell)
    if (stats_cell is not None and stats_cell.hidden) or (not total.n and any_hidden):
        return ScoreCell(group, HIDDEN)
    if not total.n:
        return ScoreCell(group, NO_ANSWERS)
    return ScoreCell(group, SHOWN, cell=total, n=theme_result.respondents.get(group, 0))


def theme_reads(
    results: Results, *, columns: list[str], statement_groups: list[str]
) -> list[ThemeRead]:
    role_columns = [g for g in columns if g != ALL]
    themes = []
    for theme_result in results.themes:
        theme = theme_result.theme
        likert = [
            q for q in theme_result.questions if q.question.kind == Question.Kind.LIKERT
        ]
        if not likert:
            continue
        read = ThemeRead(
            key=theme.key,
            title=theme.heading(child=False),
            anchor=f"thema-{theme.key}",
            cells=[theme_cell(theme_result, g) for g in columns],
        )
        for row in likert:
            groups = [
                g
                for g in statement_groups
                if _asked(row.question.roles, g) and g in row.cells
            ]
            read.statements.append(
                StatementRead(
                    id=row.question.id,
                    text=row.question.wording(child=False),
                    rows=[
                        LikertRow(
                            label=group_label(g),
                            cell=None if row.cells[g].hidden else row.cells[g],
                        )
                        for g in groups
                    ],
                    all_cell=None if row.cells[ALL].hidden else row.cells[ALL],
                )
            )
        read.spread = spread_of(
            c.raw_score for c in read.cells if c.group in role_columns
        )
        themes.append(read)
    for theme_read in rank_most_different(themes, lambda t: t.spread):
        theme_read.different = True
    return themes
