"""Survey statistics: a questionnaire's results, with the small-group rule per row.

The counting is done in SQL (``queries``): respondents per role, and Likert
answers per question, role and scale point. Everything else (shares, scores,
spreads) is arithmetic on those few hundred numbers, done by the classes of
``figures`` that hold them.

Every statement and theme row goes through ``protection.row_hidden`` (the
one rule, ``core.protection.suppress``). Pages, slides and exports do not use
this module directly: they call ``surveys.results.read.results_read``, which
adds the municipality filter and its guards on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from regions.models import ParticipantRole

from ..models import Question
from ..models import Questionnaire
from ..structure import structure_for
from .figures import ALL
from .figures import Cell
from .figures import QuestionResult
from .figures import Results
from .figures import ThemeResult
from .protection import live_count
from .protection import live_step
from .protection import roles_hidden
from .protection import row_hidden
from .queries import answer_figures
from .queries import respondents_and_state
from .snapshot import kept
from .snapshot import snapshot_key

__all__ = ["survey_results"]


def _apply_row_suppression(
    cells: dict[str, Cell], sizes: Iterable[dict[str, int]], hidden_roles: set[str]
) -> None:
    """Hide the groups of one row that the rule hides for any of ``sizes``.

    ``sizes``: the people in each group ("weet ik niet" included: a hidden
    group hides that too) and its answers on the scale. Hiding for one may
    call for more hiding for the other, so this repeats until nothing moves.
    """
    sizes = list(sizes)
    hidden: set[str] = set()
    while True:
        before = len(hidden)
        for row in sizes:
            hidden |= row_hidden(row, hidden_roles | hidden)
        if len(hidden) == before:
            break
    for group in hidden:
        cells[group].hidden = True


def _people(cell: Cell) -> int:
    """Everyone in a cell, "weet ik niet" included: the size the rule looks at."""
    return cell.n + cell.dont_know


def survey_results(
    *,
    questionnaire: Questionnaire,
    municipality_id: int | None = None,
    live: bool = False,
) -> Results:
    """Results per theme, statement and role for one questionnaire.

    Two statements on PostgreSQL (respondents per role; the answers'
    figures, ``counting``), three elsewhere. While live, the answers'
    figures are kept per state of the responses (``snapshot``): between two
    submissions only the respondents are counted.

    Every row is protected on its own; ``results_read`` adds the guards a
    municipality filter needs, and offers that filter only where
    ``protection.municipality_filter_allowed`` says so. ``live`` (the survey
    is still open): every figure comes from what is published so far, in
    whole steps (``queries._answers``, ``protection.live_count``).
    """
    structure = structure_for(questionnaire)
    ids = [questionnaire.pk]
    respondents, state = respondents_and_state(ids, municipality_id, live=live)

    def figures() -> tuple[
        dict[tuple[int, str], Cell],
        dict[tuple[int, str], int],
        dict[tuple[int, str], tuple[int, int]],
    ]:
        return answer_figures(
            questionnaire_ids=ids, municipality_id=municipality_id, live=live
        )

    if live:
        # Published figures are a function of the stored responses: kept
        # until the next submission (or deletion) changes their state.
        key = snapshot_key(
            questionnaire_id=questionnaire.pk,
            version=questionnaire.version,
            municipality_id=municipality_id,
            step=live_step(),
            state=state,
        )
        counts, open_counts, per_theme = kept(key, figures)
    else:
        counts, open_counts, per_theme = figures()
    roles = [r for r in ParticipantRole.values if respondents.get(r, 0) > 0]
    hidden_roles = roles_hidden(respondents, roles)

    themes: list[ThemeResult] = []
    for theme in structure.themes:
        question_results: list[QuestionResult] = []
        theme_cells = {group: Cell() for group in [ALL, *roles]}
        answered = {role: per_theme.get((theme.id, role), (0, 0)) for role in roles}
        theme_n = {role: scale for role, (scale, _people) in answered.items()}
        theme_n[ALL] = sum(theme_n.values())
        theme_sizes = {role: people for role, (_scale, people) in answered.items()}
        theme_sizes[ALL] = sum(theme_sizes.values())
        likert = [q for q in theme.questions if q.kind == Question.Kind.LIKERT]
        partly_hidden: set[str] = set()
        for question in likert:
            cells = {group: Cell() for group in [ALL, *roles]}
            for role in roles:
                cell = counts.get((question.id, role))
                if cell is not None:
                    cells[role].add(cell)
                    cells[ALL].add(cell)
            people = {group: _people(cells[group]) for group in cells}
            scale = {group: cells[group].n for group in cells}
            _apply_row_suppression(cells, (people, scale), hidden_roles)
            # A theme figure adds up only the statement figures that are
            # shown: otherwise theme minus shown statements gives a hidden
            # one back.
            for group, cell in cells.items():
                if cell.hidden:
                    if _people(cell):
                        partly_hidden.add(group)
                    continue
                theme_cells[group].add(cell)
            question_results.append(QuestionResult(question=question, cells=cells))
        _apply_row_suppression(theme_cells, (theme_sizes, theme_n), hidden_roles)
        # While the survey is open, a group's theme figure stands for all its
        # statements or is hidden: a sum over only the shown ones would
        # shrink when one of them is hidden later, so two states a viewer
        # compares would move by something other than a group of 5 or more.
        # (A role's; "Iedereen" is hidden only by its own small figures.)
        if live:
            for group in partly_hidden - {ALL}:
                theme_cells[group].hidden = True
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
        open_by_role = {g: live_count(n, live=live) for g, n in open_by_role.items()}
        open_by_kind = defaultdict(
            int, {k: live_count(n, live=live) for k, n in open_by_kind.items()}
        )
        themes.append(
            ThemeResult(
                theme=theme,
                questions=question_results,
                cells=theme_cells,
                respondents=theme_n,
                open_counts=open_by_role,
                open_by_kind=dict(open_by_kind),
            )
        )
    results = Results(
        structure=structure,
        respondents=respondents,
        hidden_roles=hidden_roles,
        themes=themes,
    )
    if results.total_hidden:
        # Fewer than the threshold in all: even a 0 beside a hidden figure
        # would tell which statements (so which role) they answered.
        for theme_result in themes:
            for question_result in theme_result.questions:
                for cell in question_result.cells.values():
                    cell.hidden = True
            for cell in theme_result.cells.values():
                cell.hidden = True
    return results
