"""Permission names for accounts."""

import rules

from .predicates import is_nvp_staff

# Inviting someone to the team of a region or trajectory (regions.team) and
# making NVP staff: NVP staff only.
rules.add_perm("accounts.invite_user", is_nvp_staff)
