"""Topic suggestions and comparisons with the country and the previous trajectory."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Trajectory
from surveys.results.insights import theme_comparisons
from surveys.results.insights import topic_suggestions
from surveys.results.read import results_read
from surveys.results.stats import survey_results
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.regions.factories import RegionFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.results.test_stats import make_responses


def _questionnaire(region, **kwargs):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN, **kwargs
    )
    return questionnaire_get_or_create(trajectory=trajectory)


def _likert(questionnaire, theme_key, role):
    structure = structure_for(questionnaire)
    theme = next(t for t in structure.themes if t.key == theme_key)
    return [q.id for q in theme.questions_for(role) if q.kind == "likert"]


def test_the_theme_scored_lowest_comes_first_with_its_reason(region):
    questionnaire = _questionnaire(region)
    for key, value in (("belasting", 1), ("financien", 4), ("werving_matching", 5)):
        ids = _likert(questionnaire, key, "pleegouder")
        make_responses(questionnaire, "pleegouder", {i: [value] * 6 for i in ids})
    suggestions = topic_suggestions(results_read(questionnaire=questionnaire))
    assert suggestions[0].theme.theme.key == "belasting"
    assert "Zeer lage score voor iedereen." in suggestions[0].reasons
    assert suggestions[0].score == 0
    keys = [s.theme.theme.key for s in suggestions]
    assert keys.index("financien") < keys.index("werving_matching")


def test_a_large_difference_between_roles_is_named_as_a_reason(region):
    questionnaire = _questionnaire(region)
    ids_foster = _likert(questionnaire, "samenwerking_professionals", "pleegouder")
    ids_pro = _likert(questionnaire, "samenwerking_professionals", "professional")
    make_responses(questionnaire, "pleegouder", {i: [2] * 6 for i in ids_foster})
    make_responses(questionnaire, "professional", {i: [5] * 6 for i in ids_pro})
    suggestion = next(
        s
        for s in topic_suggestions(results_read(questionnaire=questionnaire))
        if s.theme.theme.key == "samenwerking_professionals"
    )
    assert suggestion.different
    assert (
        "De scores van pleegouders en professionals liggen 75 punten uit elkaar."
        in suggestion.reasons
    )


def test_no_national_figure_until_three_other_trajectories_have_answers(region):
    own = _questionnaire(region)
    ids = _likert(own, "belasting", "pleegouder")
    make_responses(own, "pleegouder", {i: [2] * 6 for i in ids})
    others = []
    for n in range(3):
        other_region = RegionFactory(code=f"JZ{60 + n}")
        other = _questionnaire(other_region)
        make_responses(
            other,
            "pleegouder",
            {i: [4] * 5 for i in _likert(other, "belasting", "pleegouder")},
        )
        others.append(other)
        row = next(
            c
            for c in theme_comparisons(
                survey_results(questionnaire=own), questionnaire=own
            )
            if c.key == "belasting"
        )
        if n < 2:
            assert row.national is None
    # Pooled: 6 respondents answering 2 and 15 answering 4, per statement.
    expected = ((6 * 2 + 15 * 4) / 21 - 1) / 4 * 100
    assert row.own == pytest.approx(25.0)
    assert row.national == pytest.approx(expected)


def test_the_regions_previous_trajectory_is_shown_beside_this_one(region):
    previous = _questionnaire(region, name="Eerder")
    make_responses(
        previous,
        "pleegouder",
        {i: [5] * 5 for i in _likert(previous, "belasting", "pleegouder")},
    )
    current = _questionnaire(region, name="Nu")
    make_responses(
        current,
        "pleegouder",
        {i: [3] * 5 for i in _likert(current, "belasting", "pleegouder")},
    )
    row = next(
        c
        for c in theme_comparisons(
            survey_results(questionnaire=current), questionnaire=current
        )
        if c.key == "belasting"
    )
    assert row.own == pytest.approx(50.0)
    assert row.previous == pytest.approx(100.0)


@pytest.mark.parametrize("name", ["surveys:topic_suggestions", "surveys:comparison"])
def test_insight_pages_take_the_same_queries_at_any_size(client_for, trajectory, name):
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    ids = _likert(questionnaire, "belasting", "pleegouder")
    client = client_for("coordinator")
    url = reverse(name, kwargs={"pk": trajectory.pk})
    counts = []
    for size in (5, 25):
        make_responses(
            questionnaire, "pleegouder", {i: [2, 4, 5, 1, 3] * (size // 5) for i in ids}
        )
        client.get(url)  # warm the questionnaire cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
