"""When a trajectory's personal data goes, and the clean-up itself.

The period runs from ``closed_on`` (set when the trajectory moves to
"afgerond") and lasts ``settings.RETENTION_MONTHS``. A month before, the
trajectory page and the region's coordinators are warned; on the day, every
registered purger (core.retention) deletes its part, once.
"""

from __future__ import annotations

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from core.retention import purgers

from .models import RegionMembership
from .models import Trajectory

logger = logging.getLogger(__name__)

WARNING_DAYS = 31


def retention_deadline(trajectory: Trajectory) -> dt.date | None:
    """The day the trajectory's personal data is deleted; None while it runs."""
    if trajectory.closed_on is None:
        return None
    return trajectory.closed_on + relativedelta(months=settings.RETENTION_MONTHS)


def retention_state(trajectory: Trajectory, *, today: dt.date | None = None) -> dict:
    """What the trajectory page says: the date, and whether it is near or done."""
    today = today or timezone.localdate()
    deadline = retention_deadline(trajectory)
    return {
        "deadline": deadline,
        "deleted_on": trajectory.personal_data_deleted_on,
        "soon": bool(
            deadline
            and trajectory.personal_data_deleted_on is None
            and today <= deadline <= today + dt.timedelta(days=WARNING_DAYS)
        ),
    }


def trajectories_due(*, today: dt.date) -> QuerySet:
    """Closed trajectories whose period has passed and that were not cleaned yet."""
    return Trajectory.objects.filter(
        closed_on__lte=today - relativedelta(months=settings.RETENTION_MONTHS),
        personal_data_deleted_on__isnull=True,
    )


def trajectories_to_warn(*, today: dt.date) -> QuerySet:
    """Closed trajectories cleaned within ``WARNING_DAYS`` whose staff were not told."""
    day = today + dt.timedelta(days=WARNING_DAYS)
    return Trajectory.objects.filter(
        closed_on__lte=day - relativedelta(months=settings.RETENTION_MONTHS),
        personal_data_deleted_on__isnull=True,
        retention_warned_on__isnull=True,
    ).select_related("region")


@transaction.atomic
def trajectory_purge_personal_data(
    *, trajectory_id: int, today: dt.date | None = None
) -> dict[str, int]:
    """Run every purger for one trajectory, once; return what each deleted.

    The row is locked, so two workers cannot both run it; a trajectory that
    was cleaned already, reopened or is not due yet is left alone.
    """
    today = today or timezone.localdate()
    trajectory = Trajectory.objects.select_for_update().filter(pk=trajectory_id).first()
    if trajectory is None or trajectory.personal_data_deleted_on is not None:
        return {}
    deadline = retention_deadline(trajectory)
    if deadline is None or deadline > today:
        return {}
    deleted: dict[str, int] = {}
    for name, purge in sorted(purgers().items()):
        for what, count in purge(trajectory.pk).items():
            deleted[f"{name}.{what}"] = count
    trajectory.personal_data_deleted_on = today
    trajectory.save(update_fields=["personal_data_deleted_on", "updated_at"])
    logger.info("Personal data of trajectory %s deleted: %s", trajectory.pk, deleted)
    return deleted


@transaction.atomic
def retention_warn(*, trajectory: Trajectory, today: dt.date | None = None) -> int:
    """E-mail the region's coordinators, once, that the clean-up comes soon.

    Returns how many were told; the mail goes out after the commit, so a
    second run (or a rolled-back one) sends nothing twice.
    """
    claimed = Trajectory.objects.filter(
        pk=trajectory.pk, retention_warned_on__isnull=True
    ).update(retention_warned_on=today or timezone.localdate())
    if not claimed:
        return 0
    recipients = sorted(
        RegionMembership.objects.filter(
            region_id=trajectory.region_id,
            role=RegionMembership.Role.COORDINATOR,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "trajectory": trajectory,
        "deadline": retention_deadline(trajectory),
    }
    subject = render_to_string(
        "regions/email/retention_warning_subject.txt", context
    ).strip()
    message = render_to_string("regions/email/retention_warning_message.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=recipients,
        )
    )
    return len(recipients)
