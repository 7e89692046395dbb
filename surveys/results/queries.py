"""A questionnaire's responses and answers, counted in SQL.

Two queries do the counting for a whole questionnaire, whatever the number of
responses: respondents per role, and Likert answers per question, role and
scale point (with the open answers and, per theme, the respondents). On
PostgreSQL the answers are counted in one statement (``counting``) that
gives the same numbers as the ORM queries here. While a survey is open only
what is published so far counts (``_answers``, ``protection.live_count``).
``stats.survey_results`` turns these counts into protected results.
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

from ..models import Answer
from ..models import Response
from .counting import published_counts
from .figures import ALL
from .figures import Cell
from .figures import cell_add
from .protection import live_count
from .protection import live_step

__all__ = [
    "answer_counts",
    "answer_figures",
    "respondents_and_state",
    "respondents_by_role",
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
    counts, _state = respondents_and_state(
        questionnaire_ids, municipality_id, live=live
    )
    return counts


def respondents_and_state(
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


def answer_figures(
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
