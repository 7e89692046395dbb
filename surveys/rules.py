"""Permission names for surveys."""

import rules

from regions.predicates import is_nvp_staff
from regions.predicates import is_region_coordinator
from regions.predicates import is_trajectory_facilitator
from regions.rules import can_follow_trajectory
from regions.rules import can_manage_trajectory

# Objects are trajectories: the questionnaire and its responses belong to one.
rules.add_perm("surveys.change_questionnaire", can_manage_trajectory)
rules.add_perm("surveys.view_survey_links", can_follow_trajectory)
rules.add_perm("surveys.view_response_counts", can_follow_trajectory)

# Results (aggregated): everyone who follows the trajectory, beleidsmakers too.
rules.add_perm("surveys.view_results", can_follow_trajectory)
rules.add_perm("surveys.export_results", can_follow_trajectory)
# Trajectory staff: NVP staff, the region's coordinator and the assigned
# facilitators. They review open answers (and so see unreviewed ones and the
# safety flags) and may export the anonymous response-level data.
can_staff_trajectory = is_nvp_staff | is_region_coordinator | is_trajectory_facilitator
rules.add_perm("surveys.review_open_answers", can_staff_trajectory)
rules.add_perm("surveys.export_responses", can_staff_trajectory)
