"""Contact data of a trajectory's invitees: audited while kept, then deleted."""

from core.audit import audit_register

from .models import Invitee
from .models import Meeting


def meetings_personal_data_purge(trajectory_id: int) -> dict[str, int]:
    """Delete every invitee (name, e-mail, needs) of the trajectory's meetings.

    The meetings themselves and the attendance counts in notes stay.
    """
    deleted, _per_model = Invitee.objects.filter(
        meeting__trajectory_id=trajectory_id
    ).delete()
    return {"invitees": deleted}


def register_audited_models() -> None:
    audit_register(
        Meeting,
        scope=lambda meeting: {"trajectory_id": meeting.trajectory_id},
        exclude_fields=["notes"],
    )
