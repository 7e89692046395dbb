"""Permission names for regions and trajectories."""

import rules

from .predicates import is_any_coordinator
from .predicates import is_nvp_staff
from .predicates import is_region_coordinator
from .predicates import is_region_policy_maker
from .predicates import is_signed_in
from .predicates import is_trajectory_facilitator
from .predicates import is_trajectory_policy_maker

can_manage_trajectory = is_nvp_staff | is_region_coordinator
can_follow_trajectory = (
    can_manage_trajectory
    | is_trajectory_facilitator
    | is_trajectory_policy_maker
    | is_region_policy_maker
)

# Region data itself (names, municipalities) is public CBS data; every
# signed-in staff member may look it up.
rules.add_perm("regions.view_region", is_signed_in)
rules.add_perm("regions.add_trajectory", can_manage_trajectory)
rules.add_perm("regions.add_any_trajectory", is_nvp_staff | is_any_coordinator)
rules.add_perm("regions.view_trajectory", can_follow_trajectory)
rules.add_perm("regions.change_trajectory", can_manage_trajectory)
# The team of a trajectory (facilitators, beleidsmakers): NVP staff anywhere,
# the coordinator in their own region, who may also invite new facilitators
# and beleidsmakers for it.
rules.add_perm("regions.assign_trajectory", can_manage_trajectory)
# Who changed what in a trajectory: NVP staff and the region's coordinator.
rules.add_perm("regions.view_trajectory_audit", can_manage_trajectory)
