"""Celery tasks for meetings: every invitation and reminder e-mail goes out here."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5
)
def invitation_email_send_task(invitee_id: int) -> bool:
    """Send one invitation; a second call for the same person sends nothing."""
    from .services import invitation_email_send

    return invitation_email_send(invitee_id=invitee_id)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5
)
def reminder_email_send_task(invitee_id: int) -> bool:
    """Send one day-before reminder; a second call sends nothing."""
    from .services import reminder_email_send

    return reminder_email_send(invitee_id=invitee_id)


@shared_task
def reminders_queue_task() -> int:
    """Queue reminders for tomorrow's meetings (run by Celery beat)."""
    from .services import reminders_queue

    count = reminders_queue()
    logger.info("Queued %s meeting reminders", count)
    return count
