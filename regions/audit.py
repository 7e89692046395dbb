"""What of regions the audit log follows: trajectories, their teams, memberships."""

from core.audit import audit_register

from .models import RegionMembership
from .models import Trajectory


def register_audited_models() -> None:
    audit_register(
        Trajectory,
        scope=lambda trajectory: {
            "trajectory_id": trajectory.pk,
            "region_id": trajectory.region_id,
        },
        m2m_fields={"facilitators", "policy_makers", "municipalities"},
    )
    audit_register(
        RegionMembership,
        scope=lambda membership: {"region_id": membership.region_id},
    )
