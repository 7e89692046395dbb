"""Predicates of the action plan: one question each."""

from regions.predicates import is_nvp_staff
from regions.predicates import is_region_coordinator
from regions.predicates import is_region_policy_maker
from regions.predicates import is_trajectory_facilitator
from regions.predicates import is_trajectory_policy_maker

# The object is a trajectory (or anything with ``trajectory``).
can_manage_plan = is_nvp_staff | is_region_coordinator
# Several people edit the plan in the action meeting: the facilitator too.
can_edit_plan = can_manage_plan | is_trajectory_facilitator
can_read_plan = can_edit_plan | is_trajectory_policy_maker | is_region_policy_maker
