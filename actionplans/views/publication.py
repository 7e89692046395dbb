"""Publishing a version, and its PDF: status, request, download."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import services
from ..models import PdfDownload
from ..models import PlanVersion
from .mixins import PlanMixin
from .mixins import VersionMixin

logger = logging.getLogger(__name__)


class PublishView(PlanMixin, View):
    permission_required = "actionplans.publish_actionplan"

    def post(self, request, *args, **kwargs):
        if not self.plan.plan_topics.exists():
            messages.error(request, _("Een leeg plan kan niet worden gepubliceerd."))
            return redirect(self.plan_url())
        result = services.action_plan_publish(
            plan=self.plan, published_by=request.user, language=get_language() or "nl"
        )
        if result.created:
            messages.success(
                request,
                _("Versie %(n)s is gepubliceerd. De PDF staat in de wachtrij.")
                % {"n": result.version.number},
            )
        else:
            messages.info(request, _("Er is niets veranderd sinds de laatste versie."))
        return redirect(
            "actionplans:version_detail",
            pk=self.trajectory.pk,
            number=result.version.number,
        )


class PdfStatusView(VersionMixin, TemplateView):
    """The status fragment; htmx polls it while the PDF is not ready."""

    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/includes/pdf_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(trajectory=self.trajectory, version=self.version())
        return context


class PdfRequestView(VersionMixin, View):
    permission_required = "actionplans.publish_actionplan"

    def post(self, request, *args, **kwargs):
        version = services.pdf_request(version=self.version())
        if request.htmx:
            return render(
                request,
                "actionplans/includes/pdf_status.html",
                {"trajectory": self.trajectory, "version": version},
            )
        return redirect(
            "actionplans:version_detail", pk=self.trajectory.pk, number=version.number
        )


class PdfDownloadView(VersionMixin, View):
    permission_required = "actionplans.download_pdf"

    def get(self, request, *args, **kwargs):
        version = self.version()
        if version.pdf_status != PlanVersion.PdfStatus.READY or not version.pdf:
            raise Http404
        try:
            handle = version.pdf.open("rb")
        except OSError:
            logger.exception("PDF of plan version %s is missing", version.pk)
            raise Http404 from None
        PdfDownload.objects.create(version=version, user=request.user)
        filename = f"verbeteragenda-{self.trajectory.region.code}-v{version.number}.pdf"
        response = FileResponse(
            handle,
            content_type="application/pdf",
            as_attachment=True,
            filename=filename,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
