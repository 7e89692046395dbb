"""axe-core on the survey pages not walked by the phone journey."""

import pytest
from django.urls import reverse

from regions.models import Trajectory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_results import _signed_in_context
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_link_and_already_sent_pages_have_no_axe_violations(
    browser, live_server, region
):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    page = browser.new_page()
    page.goto(live_server.url + "/vragenlijst/bestaat-niet/")
    assert_no_axe_violations(page, "unknown link page")
    page.goto(
        live_server.url
        + reverse("surveys:thanks", kwargs={"public_token": trajectory.public_token})
    )
    assert_no_axe_violations(page, "thanks page")
    page.close()


@pytest.mark.parametrize(
    "name",
    [
        "surveys:survey_links",
        "surveys:response_dashboard",
        "surveys:editor",
        "regions:trajectory_update",
        "regions:trajectory_detail",
    ],
)
def test_coordinator_survey_pages_have_no_axe_violations(
    browser, live_server, trajectory, name
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4, 5])
    context = _signed_in_context(browser, live_server, trajectory)
    page = context.new_page()
    page.goto(live_server.url + reverse(name, kwargs={"pk": trajectory.pk}))
    assert_no_axe_violations(page, name)
    context.close()
