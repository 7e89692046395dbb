"""Permission names for surveys."""

import rules

from regions.rules import can_follow_trajectory
from regions.rules import can_manage_trajectory

# Objects are trajectories: the questionnaire and its responses belong to one.
rules.add_perm("surveys.change_questionnaire", can_manage_trajectory)
rules.add_perm("surveys.view_survey_links", can_follow_trajectory)
rules.add_perm("surveys.view_response_counts", can_follow_trajectory)
