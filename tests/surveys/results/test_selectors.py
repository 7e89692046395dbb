"""Response counts: one GROUP BY per breakdown, small groups never shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Trajectory
from surveys.results.figures import ALL
from surveys.results.protection import PROTECTED
from surveys.results.protection import SHOWN
from surveys.results.protection import SMALL
from surveys.results.protection import WITHHELD
from surveys.results.protection import suppress_small_counts
from surveys.results.queries import respondents_by_role
from surveys.results.responses import response_count
from surveys.results.responses import response_counts_by_municipality
from surveys.results.responses import response_overview
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.factories import QuestionnaireFactory
from tests.surveys.factories import ResponseFactory

ROLES = [
    "pleegouder",
    "pleegkind",
    "eigen_kind",
    "ouder",
    "professional",
    "beleidsmaker",
]


@pytest.fixture
def places(region):
    return [
        MunicipalityFactory(region=region, name="Nijmegen"),
        MunicipalityFactory(region=region, name="Berg en Dal"),
        MunicipalityFactory(region=region, name="Wijchen"),
    ]


@pytest.fixture
def survey(region, places):
    trajectory = TrajectoryFactory(
        region=region,
        municipalities=places,
        targets={"pleegouder": 20, "professional": 10},
    )
    return QuestionnaireFactory(trajectory=trajectory)


def add_responses(questionnaire, number, *, role="pleegouder", municipality=None):
    ResponseFactory.create_batch(
        number, questionnaire=questionnaire, role=role, municipality=municipality
    )


def rows_by_key(breakdown):
    return {row.key: row for row in breakdown.rows}


# --- The suppression rule -------------------------------------------------


def test_counts_of_five_and_more_and_zero_are_shown():
    assert suppress_small_counts([5, 12, 0], threshold=5) == ([SHOWN] * 3, False)


def test_two_small_counts_that_cannot_be_pinned_down_show_as_small():
    statuses, withheld = suppress_small_counts([20, 2, 3], threshold=5)
    assert statuses == [SHOWN, SMALL, SMALL]
    assert withheld is False


def test_a_lone_small_count_also_hides_the_smallest_other_count():
    """Total minus the shown counts would otherwise give the small one away."""
    statuses, _ = suppress_small_counts([30, 3, 0, 8, 12], threshold=5)
    assert statuses == [SHOWN, SMALL, SHOWN, PROTECTED, SHOWN]


def test_two_hidden_ones_also_hide_a_third_count():
    """1 + 1 = 2 left over: both hidden cells must be 1."""
    statuses, _ = suppress_small_counts([1, 1, 9, 20], threshold=5)
    assert statuses == [SMALL, SMALL, PROTECTED, SHOWN]


def test_two_hidden_fours_also_hide_a_third_count():
    """8 left over for two cells below 5: both must be 4."""
    statuses, _ = suppress_small_counts([4, 4, 7, 9], threshold=5)
    assert statuses == [SMALL, SMALL, PROTECTED, SHOWN]


def test_one_beside_the_smallest_five_hides_one_more():
    """A "< 5" and a "5 of meer" that leave 6 must be 1 and 5."""
    statuses, _ = suppress_small_counts([1, 5, 6, 30], threshold=5)
    assert statuses == [SMALL, PROTECTED, PROTECTED, SHOWN]


def test_breakdown_is_withheld_when_nothing_is_left_to_hide():
    assert suppress_small_counts([3, 0, 0], threshold=5) == ([WITHHELD] * 3, True)
    assert suppress_small_counts([1, 5, 0], threshold=5) == ([WITHHELD] * 3, True)


@pytest.mark.parametrize(
    "counts",
    [
        [30, 3, 0, 8, 12],
        [1, 1, 9, 20],
        [4, 4, 7, 9],
        [1, 5, 6, 30],
        [2, 0, 5, 0, 0, 0],
        [4, 6, 0, 0, 3, 50],
        [1, 2, 3, 4, 5, 6],
    ],
)
def test_no_hidden_count_can_be_worked_out_from_the_total(counts):
    """Try every count a reader could fill in: each hidden cell has two or more."""
    statuses, withheld = suppress_small_counts(counts, threshold=5)
    if withheld:
        return
    hidden = [i for i, status in enumerate(statuses) if status != SHOWN]
    left_over = sum(counts[i] for i in hidden)
    ranges = {
        i: range(1, 5) if statuses[i] == SMALL else range(5, left_over + 1)
        for i in hidden
    }

    def solutions(cells, remaining):
        if not cells:
            if remaining == 0:
                yield {}
            return
        first, *rest = cells
        for value in ranges[first]:
            if value <= remaining:
                for tail in solutions(rest, remaining - value):
                    yield {first: value, **tail}

    possible = {i: set() for i in hidden}
    for solution in solutions(hidden, left_over):
        for i, value in solution.items():
            possible[i].add(value)
    assert all(len(values) >= 2 for values in possible.values()), possible


# --- Counting -------------------------------------------------------------


def test_counts_by_role_group_the_questionnaires_responses(survey, places):
    add_responses(survey, 3, role="pleegouder")
    add_responses(survey, 2, role="ouder")
    add_responses(QuestionnaireFactory(), 4, role="ouder")  # another trajectory
    counts = respondents_by_role(questionnaire_ids=[survey.pk])
    assert counts == {"ouder": 2, "pleegouder": 3, ALL: 5}


def test_counts_by_municipality_include_those_who_did_not_say(survey, places):
    add_responses(survey, 2, municipality=places[0])
    add_responses(survey, 1, municipality=places[2])
    add_responses(survey, 4)
    counts = {
        row["municipality_id"]: row["count"]
        for row in response_counts_by_municipality(questionnaire=survey)
    }
    assert counts == {places[0].pk: 2, places[2].pk: 1, None: 4}


def test_response_count_is_the_trajectorys_total(survey):
    add_responses(survey, 3)
    add_responses(QuestionnaireFactory(), 2)
    assert response_count(trajectory=survey.trajectory) == 3


def test_overview_shows_exact_counts_and_targets(survey, places):
    add_responses(survey, 12, role="pleegouder", municipality=places[0])
    add_responses(survey, 6, role="professional", municipality=places[1])
    add_responses(survey, 5, role="ouder", municipality=places[2])
    overview = response_overview(trajectory=survey.trajectory)
    assert overview.total == 23
    roles = rows_by_key(overview.by_role)
    assert list(roles) == ROLES
    assert (roles["pleegouder"].count, roles["pleegouder"].target) == (12, 20)
    assert roles["pleegkind"].display == "0"
    assert roles["ouder"].target is None
    places_shown = rows_by_key(overview.by_municipality)
    assert [row.label for row in overview.by_municipality.rows] == [
        "Berg en Dal",
        "Nijmegen",
        "Wijchen",
        "Zegt liever niet",
    ]
    assert places_shown[str(places[0].pk)].display == "12"
    assert places_shown["none"].display == "0"


def test_overview_hides_small_groups_and_their_complement(survey, places):
    add_responses(survey, 20, role="pleegouder", municipality=places[0])
    add_responses(survey, 7, role="professional", municipality=places[0])
    add_responses(survey, 3, role="eigen_kind", municipality=places[1])
    overview = response_overview(trajectory=survey.trajectory)
    roles = rows_by_key(overview.by_role)
    assert roles["eigen_kind"].display == "< 5"
    assert roles["eigen_kind"].count is None
    assert roles["professional"].status == PROTECTED
    assert roles["professional"].count is None
    assert roles["pleegouder"].display == "20"
    assert overview.total == 30


def test_overview_lists_a_municipality_the_trajectory_no_longer_has(survey, places):
    elsewhere = MunicipalityFactory(name="Zevenaar")
    add_responses(survey, 6, municipality=elsewhere)
    add_responses(survey, 6, municipality=places[0])
    labels = [
        r.label
        for r in response_overview(trajectory=survey.trajectory).by_municipality.rows
    ]
    assert "Zevenaar" in labels


def test_overview_without_a_questionnaire_is_all_zero(region):
    trajectory = TrajectoryFactory(region=region)
    overview = response_overview(trajectory=trajectory)
    assert overview.total == 0
    assert {row.display for row in overview.by_role.rows} == {"0"}


def test_digest_depends_on_what_is_shown_not_on_hidden_counts(survey, places):
    add_responses(survey, 20, role="pleegouder", municipality=places[0])
    add_responses(survey, 7, role="professional", municipality=places[0])
    add_responses(survey, 3, role="eigen_kind", municipality=places[0])
    before = response_overview(trajectory=survey.trajectory)
    survey.responses.filter(role="professional").first().delete()
    add_responses(survey, 1, role="eigen_kind", municipality=places[0])
    after = response_overview(trajectory=survey.trajectory)
    assert after.digest == before.digest
    add_responses(survey, 1, role="pleegouder", municipality=places[0])
    assert response_overview(trajectory=survey.trajectory).digest != before.digest


def _overview_queries(trajectory):
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    with CaptureQueriesContext(connection) as queries:
        response_overview(trajectory=trajectory)
    return len(queries)


def test_overview_query_count_does_not_grow_with_responses(survey, places):
    def fill(number):
        for index in range(number):
            ResponseFactory(
                questionnaire=survey,
                role=ROLES[index % len(ROLES)],
                municipality=places[index % len(places)] if index % 7 else None,
            )

    fill(10)
    small = _overview_queries(survey.trajectory)
    fill(190)
    large = _overview_queries(survey.trajectory)
    assert small == large == 4
