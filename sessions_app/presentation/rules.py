"""Permission name of the meeting mode; the object is the trajectory."""

import rules

from ..meetings.rules import is_trajectory_staff

# The trajectory's facilitators, its region's coordinator and NVP staff
# present a meeting, on the projector and on the presenter's laptop.
rules.add_perm("sessions_app.present_meeting", is_trajectory_staff)
