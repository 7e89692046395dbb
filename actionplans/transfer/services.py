"""The one write of a download: an entry in the trajectory's audit log."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from accounts.models import User
from regions.models import Trajectory


def trajectory_export_log(
    *, trajectory: Trajectory, user: User, with_contacts: bool
) -> LogEntry:
    """Record who downloaded the trajectory's export, and whether with contacts."""
    what = (
        _("export met contactgegevens")
        if with_contacts
        else _("export zonder contactgegevens")
    )
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Trajectory),
        object_pk=str(trajectory.pk),
        object_id=trajectory.pk,
        object_repr=f"{trajectory} ({what})",
        action=LogEntry.Action.ACCESS,
        actor=user,
        additional_data={
            "trajectory_id": trajectory.pk,
            "export": True,
            "with_contacts": with_contacts,
        },
    )
