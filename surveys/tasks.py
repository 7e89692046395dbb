"""Background work for surveys."""

from celery import shared_task


@shared_task(name="surveys.drafts_purge")
def drafts_purge_task() -> int:
    """Daily: delete the drafts of closed surveys (answers typed so far included)."""
    from django.utils import timezone

    from .retention import drafts_of_closed_surveys_purge

    return drafts_of_closed_surveys_purge(today=timezone.localdate())
