"""Predicates for the longlist and voting rounds: one question each."""

from regions.predicates import is_nvp_staff
from regions.predicates import is_region_coordinator
from regions.predicates import is_trajectory_facilitator

# Staff, the own region's coordinator and the trajectory's facilitators run
# the longlist and the rounds; the object is a trajectory, topic or round.
can_run_voting = is_nvp_staff | is_region_coordinator | is_trajectory_facilitator
