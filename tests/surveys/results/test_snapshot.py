"""Live figures are kept per state of the responses, and never outlive it."""

from __future__ import annotations

import pytest

from regions.models import Trajectory
from surveys.models import Response
from surveys.results.stats import survey_results
from tests.conftest import clear_own_cache
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for

pytestmark = pytest.mark.django_db


def _figures(questionnaire) -> list:
    results = survey_results(questionnaire=questionnaire, live=True)
    return [
        (
            theme.respondents,
            {g: (c.counts, c.dont_know) for g, c in theme.cells.items()},
        )
        for theme in results.themes
    ]


def _fresh(questionnaire) -> list:
    clear_own_cache()
    return _figures(questionnaire)


def test_a_stored_or_deleted_response_gives_new_live_figures(region):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 9, [4])
    answer(questionnaire, "professional", 5, [2])
    nine = _figures(questionnaire)

    answer(questionnaire, "pleegouder", 1, [1])  # the 10th: a step of 5 more
    ten = _figures(questionnaire)
    assert ten != nine
    assert ten == _fresh(questionnaire)

    Response.objects.filter(role="pleegouder").order_by("-pk").first().delete()
    assert _figures(questionnaire) == nine == _fresh(questionnaire)

    # A deletion and a new response together: the count stays, the highest id
    # does not. Of the first 5 pleegouders, now one answered 1.
    for response in Response.objects.filter(role="pleegouder").order_by("pk")[:5]:
        response.delete()
    answer(questionnaire, "pleegouder", 5, [1])
    assert Response.objects.filter(role="pleegouder").count() == 9
    replaced = _figures(questionnaire)
    assert replaced != nine
    assert replaced == _fresh(questionnaire)


def test_the_snapshot_is_read_between_submissions(region, django_assert_num_queries):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 12, [4])
    first = _figures(questionnaire)

    with django_assert_num_queries(1):  # the respondents per role only
        assert _figures(questionnaire) == first
