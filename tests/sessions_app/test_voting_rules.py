"""Who may run the longlist and the voting rounds."""

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import ROLES
from tests.sessions_app.factories import TopicFactory
from tests.sessions_app.factories import round_with_topics

RUNS = {"facilitator", "coordinator", "staff"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "permission", ["sessions_app.manage_topics", "sessions_app.run_votinground"]
)
def test_voting_permissions_per_role(role, permission, users_by_role, trajectory):
    voting_round, _topics = round_with_topics(trajectory)
    user = users_by_role[role]
    for obj in (trajectory, voting_round):
        assert rules.has_perm(permission, user, obj) is (role in RUNS)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_and_that_regions_coordinator_run_another_regions_rounds(
    role, users_by_role, other_trajectory
):
    voting_round, _topics = round_with_topics(other_trajectory)
    allowed = role in {"staff", "other_coordinator"}
    user = users_by_role[role]
    assert rules.has_perm("sessions_app.run_votinground", user, voting_round) is allowed


def _longlist_queries(client, trajectory):
    client.get(reverse("voting:longlist", kwargs={"pk": trajectory.pk}))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voting:longlist", kwargs={"pk": trajectory.pk}))
    assert response.status_code == 200
    return len(queries)


def test_the_longlist_costs_the_same_queries_at_any_size(client_for, trajectory):
    client = client_for("facilitator")
    TopicFactory(trajectory=trajectory)
    small = _longlist_queries(client, trajectory)
    for _ in range(15):
        TopicFactory(trajectory=trajectory, source="survey", theme_key=f"t{_}")
    round_with_topics(trajectory, count=3)
    assert _longlist_queries(client, trajectory) == small
