"""Celery finds the tasks of sessions_app here (``autodiscover_tasks``)."""

from .meetings.tasks import invitation_email_send_task
from .meetings.tasks import reminder_email_send_task
from .meetings.tasks import reminders_queue_task

__all__ = [
    "invitation_email_send_task",
    "reminder_email_send_task",
    "reminders_queue_task",
]
