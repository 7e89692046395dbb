"""The journey: the whole mission in a real browser, in Dutch and in English.

One test per language walks every role through its pages on PostgreSQL, Redis
and a real Celery worker: a coordinator creates a trajectory, thirty people
answer the survey on their phones, a facilitator reviews quotes and presents
the results, a meeting is planned and people answer the invitation, ten
voters vote while the projector follows, topics are chosen, two people edit
the action plan at once, the plan is published, the worker renders the PDF, a
beleidsmaker downloads it and reads it back, and an action owner reports.
axe-core checks every distinct page on the way.

Marked ``journey``: runs in CI; leave it out locally with ``-m "not journey"``.
"""

import time

import pytest
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import RegionFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory

from . import steps_meeting
from . import steps_plan
from . import steps_setup
from . import steps_survey
from . import steps_voting
from .journey import Journey

pytestmark = [
    pytest.mark.journey,
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

# Both languages together should take under five minutes on two idle cores
# (timings are printed per phase). The guard allows the whole five minutes to
# one language, so a busy machine does not fail it, yet a hang does.
BUDGET_SECONDS = 300


@pytest.fixture
def people(transactional_db):
    region = RegionFactory(code="JZ32", name="Rijk van Nijmegen")
    for name in ("Nijmegen", "Wijchen", "Berg en Dal"):
        MunicipalityFactory(region=region, name=name)
    coordinator = UserFactory(email="carla@example.org", name="Carla de Boer")
    RegionMembershipFactory(user=coordinator, region=region, role="coordinator")
    policy = UserFactory(email="bea@example.org", name="Bea Beleid")
    RegionMembershipFactory(user=policy, region=region, role="beleidsmaker")
    facilitator = UserFactory(email="fenna@example.org", name="Fenna Gespreksleider")
    # Known in the region from an earlier trajectory, so the coordinator may
    # choose her.
    TrajectoryFactory(region=region, name="Vorig traject").facilitators.add(facilitator)
    return {
        "region": region,
        "coordinator": coordinator,
        "policy": policy,
        "facilitator": facilitator,
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_journey(
    browser,
    live_server,
    journey_worker,
    people,
    language,
):
    if connection.vendor != "postgresql":
        pytest.fail("the journey runs on PostgreSQL: set DATABASE_URL")
    started = time.monotonic()
    j = Journey(browser, live_server.url, language)
    try:
        coordinator = steps_setup.coordinator_logs_in(j, people["coordinator"])
        trajectory = steps_setup.coordinator_creates_trajectory(
            j, coordinator, people["region"], name=f"Het goede gesprek {language}"
        )
        steps_setup.coordinator_chooses_the_team(
            j, coordinator, trajectory, people["facilitator"], people["policy"]
        )
        steps_setup.coordinator_opens_the_survey(j, coordinator, trajectory)
        j.lap("coordinator")
        steps_survey.everyone_answers(j, trajectory)
        j.lap("30 respondents")

        facilitator = j.page(people["facilitator"])
        meeting = steps_meeting.meeting_is_planned(j, coordinator, trajectory)
        steps_meeting.people_are_invited_and_answer(
            j, coordinator, meeting, journey_worker
        )
        # The survey closes: the results count exactly from here on.
        steps_meeting.meetings_phase(j, coordinator, trajectory)
        steps_meeting.facilitator_reviews_quotes(j, facilitator, trajectory)
        steps_meeting.facilitator_presents_results(j, facilitator, trajectory)
        j.lap("review, results, meeting, RSVP")

        topics = steps_voting.facilitator_makes_the_longlist(j, facilitator, trajectory)
        voting_round = steps_voting.facilitator_opens_a_round(
            j, facilitator, trajectory
        )
        steps_voting.ten_voters_vote_while_the_projector_updates(
            j, facilitator.context, voting_round, topics
        )
        chosen = steps_voting.facilitator_closes_and_chooses(
            j, facilitator, voting_round
        )
        j.lap("10 voters, topics chosen")

        plan = steps_plan.plan_is_started(j, coordinator, trajectory)
        entry = steps_plan.two_people_edit_one_goal(j, coordinator, facilitator, plan)
        action = steps_plan.an_action_gets_an_owner(j, coordinator, plan, entry)
        version = steps_plan.plan_is_published(j, coordinator, plan)
        j.lap("action plan published")
        policy = j.page(people["policy"])
        steps_plan.beleidsmaker_downloads_the_pdf(
            j, policy, version, [t.title for t in chosen]
        )
        j.lap("PDF rendered, downloaded, read")
        steps_plan.owner_reports_through_their_link(j, coordinator, plan, action)
        j.lap("owner")
    finally:
        j.close_all()
        print(f"journey [{language}]:", [(k, round(v, 1)) for k, v in j.timings])
        print(f"pages checked with axe: {len(j.checked)}", sorted(j.checked))
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.0f} s"
