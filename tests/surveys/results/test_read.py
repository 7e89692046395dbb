"""The one results read: its queries, its empty state, its public entries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from regions.models import Trajectory
from surveys.models import Questionnaire
from surveys.results import ResultsFilters
from surveys.results import results_read
from surveys.results import suggest_topics
from surveys.results.insights import topic_suggestions
from tests.conftest import clear_own_cache
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for

RESULT_PAGES = [
    "surveys:results",
    "surveys:results_presentation",
    "surveys:topic_suggestions",
    "surveys:comparison",
    "surveys:results_export_xlsx",
    "surveys:results_export_csv",
    "surveys:responses_export_xlsx",
    "surveys:responses_export_csv",
]


@pytest.mark.parametrize("name", RESULT_PAGES)
def test_a_results_get_never_creates_a_questionnaire(client_for, trajectory, name):
    client = client_for("coordinator")

    response = client.get(reverse(name, kwargs={"pk": trajectory.pk}))

    assert response.status_code == 200
    assert not Questionnaire.objects.filter(trajectory=trajectory).exists()


def test_the_results_page_without_a_questionnaire_says_there_are_no_answers(
    client_for, trajectory
):
    client = client_for("coordinator")
    url = reverse("surveys:results", kwargs={"pk": trajectory.pk})

    response = client.get(url, {"gemeente": "12", "rol": "ouder"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Er zijn nog geen antwoorden." in html
    assert "Die gemeente kunnen we niet apart laten zien" in html


def test_a_read_without_a_questionnaire_is_empty_and_refuses_filters():
    read = results_read(
        questionnaire=None, filters=ResultsFilters(municipality="3", role="ouder")
    )

    assert not read.has_results
    assert read.themes == []
    assert read.count_rows == []
    assert read.municipality_rejected
    assert read.role_rejected


def test_filters_come_from_the_query_string_stripped():
    filters = ResultsFilters.from_query(
        {"gemeente": " 12 ", "rol": "ouder "}, municipality="gemeente", role="rol"
    )

    assert filters == ResultsFilters(municipality="12", role="ouder")
    assert ResultsFilters.from_query({}, municipality="g", role="r") == (
        ResultsFilters()
    )


# The answers' figures: one statement on PostgreSQL (``counting``), two ORM
# queries elsewhere; once more for the overall figures under a filter. Besides
# them: the respondents per role (and the overall ones under a filter), and
# the municipalities that may be chosen.
ANSWER_QUERIES = 1 if connection.vendor == "postgresql" else 2


@pytest.mark.parametrize(
    ("filtered", "with_options", "live", "expected"),
    [
        (False, False, "", 1 + ANSWER_QUERIES),
        (False, True, "", 2 + ANSWER_QUERIES),
        (True, True, "", 3 + 2 * ANSWER_QUERIES),
        # While open: counted once per state of the responses (cold), then
        # read from the snapshot until the next submission (warm).
        (False, False, "cold", 1 + ANSWER_QUERIES),
        (False, False, "warm", 1),
    ],
)
def test_the_read_takes_the_same_queries_at_any_size(
    region, django_assert_num_queries, filtered, with_options, live, expected
):
    # 6 and 25 responses per role and place; 6 and 28 while live, so that
    # each statement has answers not yet published at the larger size.
    for size in (6, 28 if live else 25):
        place = MunicipalityFactory(region=region)
        other = MunicipalityFactory(region=region)
        trajectory = TrajectoryFactory(
            region=region,
            municipalities=[place, other],
            **({"phase": Trajectory.Phase.VRAGENLIJST_OPEN} if live else {}),
        )
        questionnaire = questionnaire_for(trajectory)
        for role in ("pleegouder", "professional"):
            answer(questionnaire, role, size, [2, 4], municipality=place)
            answer(questionnaire, role, size, [1, 5], municipality=other)
        filters = ResultsFilters(municipality=str(place.pk) if filtered else "")
        results_read(questionnaire=questionnaire)  # fills the structure cache
        if live == "cold":
            clear_own_cache()
        with django_assert_num_queries(expected):
            read = results_read(
                questionnaire=questionnaire,
                filters=filters,
                with_filter_options=with_options,
            )
        assert read.municipality_id == (place.pk if filtered else None)
        assert read.has_results
        assert read.live == bool(live)


def test_suggest_topics_ranks_the_themes_of_a_questionnaire(trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [1, 2])
    answer(questionnaire, "professional", 6, [5, 4])

    suggestions = suggest_topics(questionnaire=questionnaire, limit=3)

    expected = topic_suggestions(results_read(questionnaire=questionnaire), limit=3)
    assert [s.theme.theme.key for s in suggestions] == [
        s.theme.theme.key for s in expected
    ]
    assert len(suggestions) == 3
    assert suggest_topics(questionnaire=None) == []


def test_the_most_different_themes_are_the_same_on_the_page_and_in_the_stats(
    trajectory,
):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [1, 2])
    answer(questionnaire, "professional", 6, [5, 4, 3])

    read = results_read(questionnaire=questionnaire)

    assert [t.key for t in read.different] == [
        t.theme.key for t in read.results.most_different()
    ]
    assert read.different


# --- Where the hiding happens ---------------------------------------------------

ROOM = Path(settings.BASE_DIR) / "surveys" / "results"
RULE_NAMES = {"suppress", "can_be_worked_out"}


def _imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "core.protection":
            names |= {alias.name for alias in node.names}
    return names


def test_only_the_protection_module_applies_the_small_group_rule():
    """Views, exports, insights and the read hide nothing themselves."""
    modules = sorted(ROOM.glob("*.py")) + [
        Path(settings.BASE_DIR) / "surveys" / "views" / "coordinator.py"
    ]
    users = {p.name for p in modules if _imported_names(p) & RULE_NAMES}

    assert users == {"protection.py"}
