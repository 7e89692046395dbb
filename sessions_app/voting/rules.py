"""Permission names for the longlist and voting rounds.

Voters are anonymous: their pages check the round's short code and their
token, not a permission.
"""

import rules

from .predicates import can_run_voting

rules.add_perm("sessions_app.manage_topics", can_run_voting)
rules.add_perm("sessions_app.run_votinground", can_run_voting)
