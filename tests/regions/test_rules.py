"""Who may do what with regions and trajectories, and who sees which trajectory.

``users_by_role`` places every role around ``trajectory`` in ``region``
(Rijk van Nijmegen); ``other_coordinator`` coordinates ``other_region``.
"""

import pytest
import rules
from django.urls import reverse

from regions.models import RegionMembership
from regions.selectors import trajectory_list_visible_to
from tests.accounts.factories import UserFactory
from tests.conftest import ROLES
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import RegionFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory


def matrix(*allowed):
    """Parametrize over every role; ``allowed`` names the roles that may."""
    unknown = set(allowed) - set(ROLES)
    assert not unknown, unknown
    return pytest.mark.parametrize(
        ("role", "expected"), [(role, role in allowed) for role in ROLES]
    )


SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@matrix(*SIGNED_IN)
def test_view_region_permission(role, expected, users_by_role, region):
    user = users_by_role[role]
    assert rules.has_perm("regions.view_region", user, region) is expected


@matrix("coordinator", "staff")
def test_add_trajectory_permission_in_own_region(role, expected, users_by_role, region):
    user = users_by_role[role]
    assert rules.has_perm("regions.add_trajectory", user, region) is expected


@matrix("other_coordinator", "staff")
def test_add_trajectory_permission_in_other_region(
    role, expected, users_by_role, other_region
):
    user = users_by_role[role]
    assert rules.has_perm("regions.add_trajectory", user, other_region) is expected


@matrix("coordinator", "other_coordinator", "staff")
def test_add_any_trajectory_permission(role, expected, users_by_role):
    user = users_by_role[role]
    assert rules.has_perm("regions.add_any_trajectory", user) is expected


@matrix("beleidsmaker", "facilitator", "coordinator", "staff")
def test_view_trajectory_permission(role, expected, users_by_role, trajectory):
    user = users_by_role[role]
    assert rules.has_perm("regions.view_trajectory", user, trajectory) is expected


@matrix("other_coordinator", "staff")
def test_view_trajectory_permission_in_other_region(
    role, expected, users_by_role, other_trajectory
):
    user = users_by_role[role]
    assert rules.has_perm("regions.view_trajectory", user, other_trajectory) is expected


@matrix("coordinator", "staff")
def test_change_trajectory_permission(role, expected, users_by_role, trajectory):
    user = users_by_role[role]
    assert rules.has_perm("regions.change_trajectory", user, trajectory) is expected


@matrix("coordinator", "staff")
def test_assign_trajectory_permission(role, expected, users_by_role, trajectory):
    user = users_by_role[role]
    assert rules.has_perm("regions.assign_trajectory", user, trajectory) is expected


@matrix("staff")
def test_invite_user_permission(role, expected, users_by_role):
    user = users_by_role[role]
    assert rules.has_perm("accounts.invite_user", user) is expected


@pytest.mark.parametrize(
    "permission",
    [
        "regions.add_trajectory",
        "regions.view_trajectory",
        "regions.change_trajectory",
    ],
)
def test_region_coordinator_is_refused_when_there_is_no_object(
    permission, users_by_role
):
    assert rules.has_perm(permission, users_by_role["coordinator"], None) is False


def test_policy_maker_assigned_to_a_trajectory_may_follow_only_that_one(
    db, region, trajectory
):
    policy_maker = UserFactory()
    trajectory.policy_makers.add(policy_maker)
    sibling = TrajectoryFactory(region=region)

    assert rules.has_perm("regions.view_trajectory", policy_maker, trajectory)
    assert not rules.has_perm("regions.view_trajectory", policy_maker, sibling)
    assert not rules.has_perm("regions.change_trajectory", policy_maker, trajectory)


def test_regional_beleidsmaker_follows_every_trajectory_of_the_region_but_changes_none(
    users_by_role, region, trajectory
):
    beleidsmaker = users_by_role["beleidsmaker"]
    sibling = TrajectoryFactory(region=region)

    assert rules.has_perm("regions.view_trajectory", beleidsmaker, sibling)
    assert not rules.has_perm("regions.change_trajectory", beleidsmaker, sibling)
    assert not rules.has_perm("regions.add_trajectory", beleidsmaker, region)


def test_facilitator_may_follow_but_not_change_their_trajectory(
    users_by_role, trajectory
):
    facilitator = users_by_role["facilitator"]

    assert rules.has_perm("regions.view_trajectory", facilitator, trajectory)
    assert not rules.has_perm("regions.change_trajectory", facilitator, trajectory)


def test_inactive_staff_member_has_no_permissions(db, trajectory):
    former = UserFactory(is_staff=True, is_active=False)

    assert not rules.has_perm("regions.view_trajectory", former, trajectory)
    assert not rules.has_perm("accounts.invite_user", former)


# The selector behind the dashboard and region page: each role sees exactly
# the trajectories that ``regions.view_trajectory`` lets it follow.

VISIBLE = {
    "anonymous": set(),
    "participant": set(),
    "beleidsmaker": {"trajectory"},
    "facilitator": {"trajectory"},
    "coordinator": {"trajectory"},
    "other_coordinator": {"other_trajectory"},
    "staff": {"trajectory", "other_trajectory"},
}


@pytest.mark.parametrize("role", ROLES)
def test_trajectory_list_shows_each_role_exactly_its_trajectories(
    role, users_by_role, trajectory, other_trajectory
):
    by_name = {"trajectory": trajectory, "other_trajectory": other_trajectory}
    expected = {by_name[name] for name in VISIBLE[role]}

    visible = trajectory_list_visible_to(user=users_by_role[role])

    assert set(visible) == expected


@pytest.mark.parametrize("role", ROLES)
def test_trajectory_list_agrees_with_the_view_permission(
    role, users_by_role, region, other_region, trajectory, other_trajectory
):
    policy_trajectory = TrajectoryFactory(region=other_region)
    if role != "anonymous":
        policy_trajectory.policy_makers.add(users_by_role[role])
    trajectories = [
        trajectory,
        other_trajectory,
        policy_trajectory,
        TrajectoryFactory(region=region),
    ]
    user = users_by_role[role]

    visible = set(trajectory_list_visible_to(user=user))

    assert visible == {
        t for t in trajectories if rules.has_perm("regions.view_trajectory", user, t)
    }


def test_trajectory_list_can_be_limited_to_one_region(
    users_by_role, region, trajectory, other_trajectory
):
    visible = trajectory_list_visible_to(user=users_by_role["staff"], region=region)

    assert list(visible) == [trajectory]


def test_trajectory_list_shows_a_trajectory_once_to_a_user_with_several_roles(
    users_by_role, region, trajectory
):
    coordinator = users_by_role["coordinator"]
    trajectory.facilitators.add(coordinator)
    trajectory.policy_makers.add(coordinator)
    RegionMembershipFactory(
        user=coordinator, region=region, role=RegionMembership.Role.BELEIDSMAKER
    )

    visible = list(trajectory_list_visible_to(user=coordinator))

    assert visible == [trajectory]
    assert visible[0].municipality_count == 2


def test_trajectory_list_is_empty_for_an_inactive_user(db, trajectory):
    former = UserFactory(is_staff=True, is_active=False)

    assert list(trajectory_list_visible_to(user=former)) == []


# Busy pages: the number of queries does not grow with the number of rows.


def _add_trajectories(region, coordinator, count):
    for _ in range(count):
        extra = TrajectoryFactory(region=region)
        extra.facilitators.add(coordinator)


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_query_count_does_not_grow_with_trajectories(
    count, client, users_by_role, region, django_assert_num_queries
):
    coordinator = users_by_role["coordinator"]
    _add_trajectories(region, coordinator, count - 1)  # plus ``trajectory``
    client.force_login(coordinator)

    # session, user, trajectories, managed regions
    with django_assert_num_queries(4):
        response = client.get(reverse("dashboard"))

    assert len(response.context["trajectories"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_region_page_query_count_does_not_grow_with_trajectories(
    count, client, users_by_role, region, django_assert_num_queries
):
    coordinator = users_by_role["coordinator"]
    _add_trajectories(region, coordinator, count - 1)
    client.force_login(coordinator)

    # session, user, region (twice: permission check and view), region roles,
    # trajectories, municipalities
    with django_assert_num_queries(7):
        response = client.get(region.get_absolute_url())

    assert len(response.context["trajectories"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_region_list_query_count_does_not_grow_with_regions(
    count, client, users_by_role, django_assert_num_queries
):
    for n in range(count):
        MunicipalityFactory(region=RegionFactory(code=f"JZ{60 + n:02d}"))
    client.force_login(users_by_role["coordinator"])

    # session, user, regions with counts
    with django_assert_num_queries(3):
        response = client.get(reverse("regions:region_list"))

    assert len(response.context["regions"]) == count + 2  # plus both fixtures
