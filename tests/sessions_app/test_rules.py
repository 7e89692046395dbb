"""Who may do what with meetings and invitees: one matrix per permission."""

import pytest
import rules

# The trajectory's staff: facilitator, own-region coordinator, NVP staff.
STAFF = {"facilitator", "coordinator", "staff"}
PLANNERS = {"coordinator", "staff"}
ROLES = [
    "anonymous",
    "participant",
    "beleidsmaker",
    "facilitator",
    "coordinator",
    "other_coordinator",
    "staff",
]

PERMISSIONS = {
    "sessions_app.view_meeting": STAFF,
    "sessions_app.change_meeting": PLANNERS,
    "sessions_app.send_invitations": PLANNERS,
    "sessions_app.write_meeting_notes": STAFF,
    "sessions_app.take_attendance": STAFF,
    "sessions_app.view_invitee": STAFF,
    "sessions_app.change_invitee": STAFF,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_meeting_permissions_per_role(permission, role, trajectory, users_by_role):
    user = users_by_role[role]

    allowed = rules.has_perm(permission, user, trajectory)

    assert allowed is (role in PERMISSIONS[permission])


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_the_other_regions_coordinator_has_them_on_their_own_trajectory(
    permission, other_trajectory, users_by_role
):
    assert rules.has_perm(
        permission, users_by_role["other_coordinator"], other_trajectory
    )
    assert not rules.has_perm(
        permission, users_by_role["coordinator"], other_trajectory
    )
    assert not rules.has_perm(
        permission, users_by_role["facilitator"], other_trajectory
    )
