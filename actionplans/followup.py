"""Scheduled follow-up: overdue reminders to owners, monthly summaries to coordinators.

Both run daily from Celery beat and decide themselves whether a mail is due,
claiming it with a conditional UPDATE first, so a task that runs twice (or
two workers at once) never sends a mail twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from datetime import timedelta

from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone

from regions.models import RegionMembership

from .models import Action
from .models import ActionPlan
from .models import OverdueReminder
from .models import OwnerLink
from .notifications import monthly_summary_send
from .notifications import overdue_reminder_send
from .selectors.followup import overdue_actions
from .selectors.followup import progress_overview

logger = logging.getLogger(__name__)

REMINDER_INTERVAL = timedelta(days=7)


def _claim_reminder(action_id: int, now: datetime) -> bool:
    """Record a reminder for now, unless one was sent in the past week."""
    if OverdueReminder.objects.filter(
        action_id=action_id, sent_at__lte=now - REMINDER_INTERVAL
    ).update(sent_at=now):
        return True
    try:
        with transaction.atomic():
            OverdueReminder.objects.create(action_id=action_id, sent_at=now)
    except IntegrityError:  # a reminder row exists and is recent
        return False
    return True


def _active_links(actions: list[Action]) -> dict[tuple[int, str], OwnerLink]:
    """The owners' active links by (plan, e-mail), in one query.

    An owner whose link was revoked, or who was never invited, gets the
    reminder without a link: a new link is the coordinator's decision.
    """
    plan_ids = {action.plan_topic.plan_id for action in actions}
    links: dict[tuple[int, str], OwnerLink] = {}
    for link in OwnerLink.objects.filter(
        plan_id__in=plan_ids, revoked_at__isnull=True
    ).order_by("pk"):
        links[(link.plan_id, link.email.lower())] = link
    return links


def overdue_reminders_send(*, now: datetime | None = None) -> int:
    """Mail the owner of each overdue action, at most once per action per week."""
    now = now or timezone.now()
    sent = 0
    actions = list(overdue_actions(today=timezone.localdate(now)))
    links = _active_links(actions)
    for action in actions:
        if not _claim_reminder(action.pk, now):
            continue
        overdue_reminder_send(
            action=action,
            link=links.get((action.plan_topic.plan_id, action.owner_email.lower())),
        )
        sent += 1
        logger.info("Overdue reminder for action %s", action.pk)
    return sent


def monthly_summaries_send(*, now: datetime | None = None) -> int:
    """Mail each published plan's coordinators a summary, once a month."""
    now = now or timezone.now()
    month = timezone.localdate(now).strftime("%Y-%m")
    sent = 0
    plans = (
        ActionPlan.objects.filter(status=ActionPlan.Status.PUBLISHED)
        .exclude(summary_sent_for=month)
        .select_related("trajectory__region")
    )
    for plan in plans:
        claimed = (
            ActionPlan.objects.filter(pk=plan.pk)
            .exclude(summary_sent_for=month)
            .update(summary_sent_for=month)
        )
        if not claimed:
            continue
        recipients = list(
            RegionMembership.objects.filter(
                region=plan.trajectory.region, role=RegionMembership.Role.COORDINATOR
            ).values_list("user__email", flat=True)
        )
        if not recipients:
            continue
        overview = progress_overview(plan=plan, today=timezone.localdate(now))
        monthly_summary_send(
            recipients=recipients,
            context={"trajectory": plan.trajectory, "overview": overview},
        )
        sent += 1
    return sent
