"""Survey statistics: counted in SQL, with the small-group rule applied per row.

Two queries do the counting for a whole questionnaire, whatever the number of
responses: respondents per role, and Likert answers per question, role and
scale point. Everything else (shares, scores, spreads) is arithmetic on those
few hundred numbers, done by the classes of ``figures`` that hold them.

Every statement and theme row goes through ``protection.row_hidden`` (the
one rule, ``core.protection.suppress``). Pages, slides and exports do not use
this module directly: they call ``surveys.results.read.results_read``, which
adds the municipality filter and its guards on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count
from django.db.models import F
from django.db.models import Max
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Window
from django.db.models.functions import Mod
from django.db.models.functions import RowNumber

from regions.models import ParticipantRole

from ..models import Answer
from ..models import Question
from ..models import Questionnaire
from ..models import Response
from ..structure import structure_for
from .counting import published_counts
from .figures import ALL
from .figures import Cell
from .figures import QuestionResult
from .figures import Results
from .figures import ThemeResult
from .figures import cell_add
from .protection import live_count
from .protection import live_step
from .protection import roles_hidden
from .protection import row_hidden
from .snapshot import kept
from .snapshot import snapshot_key

__all__ = [
    "answer_counts",
    "respondents_by_role",
    "survey_results",
    "theme_respondents",
]


def _responses(
    questionnaire_ids: Iterable[int], municipality_id: int | None
) -> QuerySet[Response]:
    responses = Response.objects.filter(questionnaire_id__in=list(questionnaire_ids))
    if municipality_id is not None:
        responses = responses.filter(municipality_id=municipality_id)
    return responses


def respondents_by_role(
    *,
    questionnaire_ids: Iterable[int],
    municipality_id: int | None = None,
    live: bool = False,
) -> dict[str, int]:
    """Respondents per role, one GROUP BY query; ``ALL`` holds the total.

    ``live`` (the survey is open): each role's count as published while
    answers come in, in whole steps (``protection.live_count``).
    """
    counts, _state = _respondents(questionnaire_ids, municipality_id, live=live)
    return counts


def _respondents(
    questionnaire_ids: Iterable[int], municipality_id: int | None, *, live: bool
) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """``respondents_by_role``, and the state of the responses it counted.

    The state, (role, responses, highest id) per role, changes with every
    response stored or deleted (``snapshot``).
    """
    rows = list(
        _responses(questionnaire_ids, municipality_id)
        .values_list("role")
        .annotate(n=Count("id"), last=Max("id"))
        .order_by()
    )
    counts = {role: live_count(n, live=live) for role, n, _last in rows}
    counts = {role: n for role, n in counts.items() if n}
    counts[ALL] = sum(counts.values())
    return counts, rows


def _answers(
    questionnaire_ids: Iterable[int], municipality_id: int | None, *, live: bool = False
) -> QuerySet[Answer]:
    """Answers of these questionnaires, joined to their response only once.

    ``live`` (the survey is open): only the Likert answers published so far.
    Per statement and role they come in whole steps of ``live_step()``
    answers, the earliest responses first: the first 5, then the first 10,
    and so on. Between two states a reader can see, every statement's group
    grew by 0 or at least 5 people, so comparing them never shows one
    person's answers.
    """
    answers = Answer.objects.filter(
        response__questionnaire_id__in=list(questionnaire_ids)
    )
    if municipality_id is not None:
        answers = answers.filter(response__municipality_id=municipality_id)
    if not live:
        return answers
    step = live_step()
    cell = [F("question_id"), F("response__role")]
    published = (
        answers.filter(number__isnull=False)
        .annotate(
            position=Window(
                RowNumber(), partition_by=cell, order_by=F("response_id").asc()
            ),
            size=Window(Count("id"), partition_by=cell),
        )
        .annotate(cut=F("size") - Mod(F("size"), step))
        .filter(position__lte=F("cut"))
        .values("pk")
    )
    # Answers without a number (open and choice answers) are counted per
    # theme and published in whole steps there.
    return answers.filter(Q(pk__in=published) | Q(number__isnull=True))


def answer_counts(
    *,
    questionnaire_ids: Iterable[int],
    municipality_id: int | None = None,
    live: bool = False,
) -> tuple[dict[tuple[int, str], Cell], dict[tuple[int, str], int]]:
    """Likert cells and non-empty open answers per (question, role).

    One GROUP BY query, one pass over the answers: a Likert answer has a
    ``number``, an open answer a ``text`` and no number. A choice answer has
    neither and is counted in neither. ``live``: see ``_answers``.
    """
    rows = (
        _answers(questionnaire_ids, municipality_id, live=live)
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
        cell_add(cells[(question_id, role)], number, n)
    return cells, open_counts


def theme_respondents(
    *,
    questionnaire_ids: Iterable[int],
    municipality_id: int | None = None,
    live: bool = False,
) -> dict[tuple[int, str], tuple[int, int]]:
    """Per (theme, role): respondents who answered at least one statement.

    One GROUP BY query. The first number counts answers on the scale (1 to
    5), the n a theme shows; the second also counts "weet ik niet", the size
    of the group the small-group rule looks at. ``live``: of the published
    answers only (see ``_answers``), in whole steps.
    """
    rows = (
        _answers(questionnaire_ids, municipality_id, live=live)
        .filter(number__isnull=False)
        .values_list("question__theme_id", "response__role")
        .annotate(
            scale=Count("response_id", distinct=True, filter=Q(number__gte=1)),
            people=Count("response_id", distinct=True),
        )
        .order_by()
    )
    return {
        (theme_id, role): (live_count(scale, live=live), live_count(people, live=live))
        for theme_id, role, scale, people in rows
    }


def _answer_figures(
    *, questionnaire_ids: list[int], municipality_id: int | None, live: bool
) -> tuple[
    dict[tuple[int, str], Cell],
    dict[tuple[int, str], int],
    dict[tuple[int, str], tuple[int, int]],
]:
    """``answer_counts`` and ``theme_respondents`` together.

    On PostgreSQL in one statement without sorting the answers
    (``counting.published_counts``, the same numbers); elsewhere the two
    ORM queries.
    """
    if connection.vendor != "postgresql":
        return (
            *answer_counts(
                questionnaire_ids=questionnaire_ids,
                municipality_id=municipality_id,
                live=live,
            ),
            theme_respondents(
                questionnaire_ids=questionnaire_ids,
                municipality_id=municipality_id,
                live=live,
            ),
        )
    likert, open_counts, people = published_counts(
        questionnaire_ids=questionnaire_ids,
        municipality_id=municipality_id,
        step=live_step() if live else 1,
    )
    counts: dict[tuple[int, str], Cell] = defaultdict(Cell)
    for key, per_number in likert.items():
        for number, n in per_number.items():
            cell_add(counts[key], number, n)
    per_theme = {
        key: (live_count(scale, live=live), live_count(everyone, live=live))
        for key, (scale, everyone) in people.items()
    }
    return counts, open_counts, per_theme


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
    whole steps (``_answers``, ``protection.live_count``).
    """
    structure = structure_for(questionnaire)
    ids = [questionnaire.pk]
    respondents, state = _respondents(ids, municipality_id, live=live)

    def figures() -> tuple[
        dict[tuple[int, str], Cell],
        dict[tuple[int, str], int],
        dict[tuple[int, str], tuple[int, int]],
    ]:
        return _answer_figures(
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
