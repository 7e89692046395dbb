"""Permission names of the action plan."""

import rules

from regions.predicates import is_nvp_staff

from .predicates import can_edit_plan
from .predicates import can_manage_plan
from .predicates import can_read_plan

rules.add_perm("actionplans.view_actionplan", can_read_plan)
rules.add_perm("actionplans.change_actionplan", can_edit_plan)
rules.add_perm("actionplans.publish_actionplan", can_manage_plan)
rules.add_perm("actionplans.manage_owners", can_manage_plan)
rules.add_perm("actionplans.download_pdf", can_read_plan)
rules.add_perm("actionplans.view_national_overview", is_nvp_staff)
rules.add_perm("actionplans.export_trajectory", is_nvp_staff)
