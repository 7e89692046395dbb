"""The task's work: claim the version, render once, store, record the outcome."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PlanVersion

logger = logging.getLogger(__name__)

Status = PlanVersion.PdfStatus


def _stale_before():
    """A render claimed before this moment died with its worker.

    ``PDF_RENDER_STALE_SECONDS`` is longer than the task's hard time limit, so
    a render still running is never taken over; the broker hands the message
    of a killed worker out again after its visibility timeout, which is
    longer still, and that second delivery finds the claim stale.
    """
    return timezone.now() - timedelta(seconds=settings.PDF_RENDER_STALE_SECONDS)


def _claim(version_id: int) -> bool:
    """Mark the version as rendering, if it is waiting (or a crashed render's)."""
    return bool(
        PlanVersion.objects.filter(pk=version_id)
        .filter(
            Q(pdf_status=Status.QUEUED)
            | Q(pdf_status=Status.RENDERING, pdf_claimed_at__lt=_stale_before())
        )
        .update(
            pdf_status=Status.RENDERING, pdf_claimed_at=timezone.now(), pdf_error=""
        )
    )


def _fail(version_id: int, reason: str) -> None:
    PlanVersion.objects.filter(pk=version_id).update(
        pdf_status=Status.FAILED, pdf_error=reason[:300]
    )


def plan_version_render_pdf(*, version_id: int, final_attempt: bool = True) -> dict:
    """Render the version's PDF once; a second call for the same version is free.

    Transient errors (``OSError``: disk, fonts, storage) put the version back
    in the queue and propagate, so Celery retries; on the last attempt, and on
    any other error, the version is marked failed with a reason in Dutch.
    """
    if not _claim(version_id):
        status = (
            PlanVersion.objects.filter(pk=version_id)
            .values_list("pdf_status", flat=True)
            .first()
        )
        logger.info("PDF of plan version %s not rendered: %s", version_id, status)
        return {"version": version_id, "status": status, "rendered": False}
    # Imported only now: a version that is already done costs no WeasyPrint.
    from .render import render_pdf

    version = PlanVersion.objects.select_related("plan__trajectory__region").get(
        pk=version_id
    )
    try:
        rendered = render_pdf(version)
        name = f"plans/verbeteragenda-{version.plan_id}-v{version.number}.pdf"
        storage = version.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(rendered.data))
    except OSError:
        logger.exception("PDF of plan version %s: transient error", version_id)
        if final_attempt:
            _fail(
                version_id,
                _("Het bestand kon niet worden opgeslagen. Probeer het later opnieuw."),
            )
        else:
            PlanVersion.objects.filter(pk=version_id).update(pdf_status=Status.QUEUED)
        raise
    except Exception:
        logger.exception("PDF of plan version %s failed", version_id)
        _fail(
            version_id,
            _(
                "Er ging iets mis bij het maken van de PDF. De beheerders zijn op de "
                "hoogte; probeer het later opnieuw."
            ),
        )
        raise
    PlanVersion.objects.filter(pk=version_id).update(
        pdf=stored,
        pdf_status=Status.READY,
        pdf_rendered_at=timezone.now(),
        pdf_pages=rendered.pages,
    )
    logger.info("PDF of plan version %s ready, %s pages", version_id, rendered.pages)
    return {
        "version": version_id,
        "status": Status.READY,
        "rendered": True,
        "pages": rendered.pages,
    }


def pdf_requeue_waiting(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Queue again every PDF still waiting, e.g. after the broker was down.

    When Redis could not be reached, asking for a PDF left the version "in de
    wachtrij" without a message in any queue; a render whose worker died
    leaves it "wordt gemaakt". The beat task runs this every few minutes, so
    such versions are rendered once Redis and a worker are back. A version
    whose message is still queued gets a second one; the claim in
    ``plan_version_render_pdf`` makes that second one free.
    """
    from ..services import pdf_enqueue

    waiting = PlanVersion.objects.filter(
        Q(pdf_status=Status.QUEUED, published_at__lt=timezone.now() - older_than)
        | Q(pdf_status=Status.RENDERING, pdf_claimed_at__lt=_stale_before())
    ).values_list("pk", flat=True)
    version_ids = list(waiting)
    for version_id in version_ids:
        pdf_enqueue(version_id=version_id)
    return len(version_ids)
