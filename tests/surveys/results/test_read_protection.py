"""Property tests of the one results read: no small group, shown or worked out.

Random trajectories (responses per role and municipality, random answers) go
through ``results_read`` with random filters, and through what the results
page, the slides and the results export make of it. Whatever the numbers:

- every number shown is 0 or at least the threshold;
- where a total is shown, the total minus the shown groups (what the hidden
  groups hold together) is 0 or at least the threshold;
- with a municipality filter, the overall figure minus a shown filtered one
  (the rest of the region) is 0 or at least the threshold;
- a theme figure is the sum of the shown statement figures only.
"""

from __future__ import annotations

from typing import cast

import pytest
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.protection import can_be_worked_out
from core.protection import threshold
from surveys.models import Questionnaire
from surveys.results import ResultsFilters
from surveys.results import results_read
from surveys.results.exports import results_tables
from surveys.results.figures import ALL
from surveys.results.figures import Cell
from surveys.results.protection import PROTECTED
from surveys.results.protection import SMALL
from surveys.results.stats import survey_results
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for

ROLES = ("pleegouder", "professional", "ouder")
PLACES = ("A", "B", None)

# Respondents per (role, municipality): mostly small numbers, where the rule
# has work to do, sometimes large ones.
group_size = st.one_of(st.integers(0, 7), st.integers(0, 14))
sizes = st.fixed_dictionaries(
    {(role, place): group_size for role in ROLES for place in PLACES}
)
answers = st.lists(st.integers(1, 5), min_size=1, max_size=4)


def _safe(n: int) -> bool:
    return n == 0 or n >= threshold()


def _assert_row(shown: dict[str, int], all_n: int | None) -> None:
    """Shown numbers of one row, and the row's total when it is shown."""
    assert all(_safe(n) for n in shown.values()), shown
    if all_n is not None:
        assert _safe(all_n), all_n
        rest = all_n - sum(n for group, n in shown.items() if group != ALL)
        assert _safe(rest), (shown, all_n)


def _build(data: dict[tuple[str, str | None], int], values: list[int], region):
    places = {name: MunicipalityFactory(region=region) for name in ("A", "B")}
    trajectory = TrajectoryFactory(region=region, municipalities=list(places.values()))
    questionnaire = questionnaire_for(trajectory)
    for (role, place), count in data.items():
        if count:
            answer(
                questionnaire,
                role,
                count,
                values,
                municipality=places[place] if place else None,
            )
    return trajectory, questionnaire, places


def _check_read(read, overall_raw) -> None:
    """The read's respondents, statements and themes, against the rules."""
    limit = threshold()
    # Respondents per role: shown counts and the labels of the hidden ones.
    shown = {row.key: row.count for row in read.count_rows if row.shown}
    total = None if read.total_display.startswith("<") else int(read.total_display)
    _assert_row(shown, total)
    hidden = [row for row in read.count_rows if not row.shown]
    if (
        total is not None
        and hidden
        and all(row.status in (SMALL, PROTECTED) for row in hidden)
    ):
        rest = total - sum(shown.values())
        bounds = [
            (1, limit - 1) if r.status == SMALL else (limit, rest) for r in hidden
        ]
        assert not can_be_worked_out(bounds, hidden_sum=rest)
    if read.municipality_id is not None:
        for role, n in shown.items():
            assert _safe(overall_raw.respondents[role] - n)
        if total is not None:
            assert _safe(overall_raw.total - total)

    overall_cells = {
        q.question.id: q.cells for t in overall_raw.themes for q in t.questions
    }
    for theme in read.results.themes:
        for question in theme.questions:
            cells = question.cells
            row = {g: c.n for g, c in cells.items() if not c.hidden}
            _assert_row(row, row.get(ALL))
            if read.municipality_id is not None:
                for group, n in row.items():
                    assert _safe(overall_cells[question.question.id][group].n - n)
    by_key = {t.theme.key: t for t in read.results.themes}
    for theme_read in read.themes:
        source = by_key[theme_read.key]
        for score_cell in theme_read.cells:
            if score_cell.cell is None:
                continue
            expected = Cell()
            for question in source.questions:
                cell = question.cells.get(score_cell.group)
                if cell is not None and not cell.hidden:
                    expected.add(cell)
            assert score_cell.cell.counts == expected.counts
            assert _safe(score_cell.n)
        for statement in theme_read.statements:
            for likert_row in statement.rows:
                if likert_row.cell is not None:
                    assert _safe(likert_row.cell.n)


def _check_export(questionnaire: Questionnaire) -> None:
    results_table, respondents_table = results_tables(questionnaire=questionnaire)
    by_statement: dict[tuple[str, str], dict[str, int]] = {}
    for row in results_table.rows:
        title, statement, _key, group, n = row[:5]
        if n is not None:
            key = cast(tuple[str, str], (title, statement))
            by_statement.setdefault(key, {})[cast(str, group)] = cast(int, n)
    everyone = "Alle rollen"
    for groups in by_statement.values():
        total = groups.pop(everyone, None)
        _assert_row(groups, total)
    counts = cast(
        dict[str, int],
        {row[0]: row[1] for row in respondents_table.rows if row[1] is not None},
    )
    total = counts.pop(everyone, None)
    _assert_row(counts, total)


@pytest.mark.django_db
@hsettings(
    max_examples=12,
    deadline=None,
    # Each example builds a trajectory in the database: shrinking takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=sizes,
    values=answers,
    place=st.sampled_from(["", "A", "B", "x"]),
    role=st.sampled_from(["", *ROLES, "onbekend"]),
)
def test_no_small_group_is_shown_or_can_be_worked_out(
    client_for, region, data, values, place, role
):
    trajectory, questionnaire, places = _build(data, values, region)
    municipality = str(places[place].pk) if place in places else place
    overall_raw = survey_results(questionnaire=questionnaire)

    read = results_read(
        questionnaire=questionnaire,
        filters=ResultsFilters(municipality=municipality, role=role),
        with_filter_options=True,
    )
    _check_read(read, overall_raw)
    _check_read(results_read(questionnaire=questionnaire), overall_raw)
    _check_export(questionnaire)

    # The page and the slides show what the read holds, nothing else.
    client = client_for("coordinator")
    url = reverse("surveys:results", kwargs={"pk": trajectory.pk})
    page = client.get(url, {"gemeente": municipality, "rol": role})
    assert page.status_code == 200
    assert [r.display for r in page.context["count_rows"]] == [
        r.display for r in read.count_rows
    ]
    assert page.context["total"] == read.total_display
    assert [[c.summary for c in s.cells] for s in page.context["sections"]] == [
        [c.summary for c in t.cells] for t in read.themes
    ]
    slides = client.get(
        reverse("surveys:results_presentation", kwargs={"pk": trajectory.pk})
    )
    assert slides.status_code == 200
    unfiltered = results_read(questionnaire=questionnaire)
    assert [r.display for r in slides.context["count_rows"]] == [
        r.display for r in unfiltered.count_rows
    ]
    expected_slides = unfiltered.themes if unfiltered.has_results else []
    assert [[c.summary for c in s.cells] for s in slides.context["sections"]] == [
        [c.summary for c in t.cells] for t in expected_slides
    ]


def test_the_checks_catch_a_small_group():
    """The property's own check fails on what the rule forbids."""
    with pytest.raises(AssertionError):
        _assert_row({"pleegouder": 3}, None)
    with pytest.raises(AssertionError):
        _assert_row({"pleegouder": 10}, 12)  # 2 left for the hidden groups
    _assert_row({"pleegouder": 10, "ouder": 0}, 15)
