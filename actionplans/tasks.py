"""Celery tasks of the action plan: ids in, services do the work."""

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
)
def plan_version_render_pdf_task(self, version_id: int) -> dict:
    from .pdf.service import plan_version_render_pdf

    return plan_version_render_pdf(
        version_id=version_id, final_attempt=self.request.retries >= self.max_retries
    )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def overdue_reminders_send_task() -> dict:
    from .followup import overdue_reminders_send

    return {"sent": overdue_reminders_send()}


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def monthly_summaries_send_task() -> dict:
    from .followup import monthly_summaries_send

    return {"sent": monthly_summaries_send()}


@shared_task
def pdf_requeue_waiting_task() -> dict:
    from .pdf.service import pdf_requeue_waiting

    return {"queued": pdf_requeue_waiting()}
