"""Permission names for meetings and invitees; the object is the trajectory."""

import rules

from regions.predicates import is_nvp_staff
from regions.predicates import is_region_coordinator
from regions.predicates import is_trajectory_facilitator

# The trajectory's staff: NVP staff, the coordinator of its own region and
# its facilitators. Only they see invitees' contact data.
is_trajectory_staff = is_nvp_staff | is_region_coordinator | is_trajectory_facilitator
can_plan = is_nvp_staff | is_region_coordinator

rules.add_perm("sessions_app.view_meeting", is_trajectory_staff)
rules.add_perm("sessions_app.change_meeting", can_plan)
rules.add_perm("sessions_app.send_invitations", can_plan)
rules.add_perm("sessions_app.write_meeting_notes", is_trajectory_staff)
rules.add_perm("sessions_app.take_attendance", is_trajectory_staff)
rules.add_perm("sessions_app.view_invitee", is_trajectory_staff)
rules.add_perm("sessions_app.change_invitee", is_trajectory_staff)
