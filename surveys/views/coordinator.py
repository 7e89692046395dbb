"""Survey links, QR codes and the response dashboard (for staff)."""

from __future__ import annotations

import io

import segno
from django.http import Http404
from django.http import HttpResponse
from django.urls import path
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView

from regions.mixins import TrajectoryPermissionMixin
from regions.models import ParticipantRole
from regions.models import Trajectory

from ..results import response_count
from ..results import response_overview
from ..services import survey_closed_reason

# Module size in pixels and the quiet zone (in modules) the QR standard asks for.
QR_SVG_SCALE = 8
QR_PNG_SCALE = 12
QR_BORDER = 4
QR_KINDS = {"svg": "image/svg+xml", "png": "image/png"}


def survey_path(trajectory: Trajectory, role: str = "") -> str:
    """The public survey path; with a role, the link that skips the role question."""
    if role:
        return reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    return reverse("surveys:start", kwargs={"public_token": trajectory.public_token})


def qr_image(url: str, *, kind: str) -> bytes:
    """Render ``url`` as a QR code (error correction M, which survives a crease)."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=QR_SVG_SCALE, border=QR_BORDER)
    else:
        code.save(buffer, kind="png", scale=QR_PNG_SCALE, border=QR_BORDER)
    return buffer.getvalue()


class SurveyLinksView(TrajectoryPermissionMixin, DetailView):
    permission_required = "surveys.view_survey_links"
    template_name = "surveys/coordinator/survey_links.html"
    context_object_name = "trajectory"

    def get_object(self, queryset=None):
        return self.get_permission_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.object
        qr_base = {
            kind: reverse(f"surveys:survey_qr_{kind}", kwargs={"pk": trajectory.pk})
            for kind in QR_KINDS
        }

        def link(role: str, label: str) -> dict:
            query = f"?rol={role}" if role else ""
            download = f"{query}&download=1" if role else "?download=1"
            return {
                "role": role,
                "label": label,
                "url": self.request.build_absolute_uri(survey_path(trajectory, role)),
                "field_id": f"link-{role or 'algemeen'}",
                "qr_svg": qr_base["svg"] + query,
                "download_svg": qr_base["svg"] + download,
                "download_png": qr_base["png"] + download,
            }

        context["closed_reason"] = survey_closed_reason(trajectory)
        context["can_view_counts"] = self.request.user.has_perm(
            "surveys.view_response_counts", trajectory
        )
        context["public_link"] = link("", "")
        context["role_links"] = [
            link(role.value, str(role.label)) for role in ParticipantRole
        ]
        return context


class SurveyQrView(TrajectoryPermissionMixin, View):
    """The survey link as a QR code; ``?rol=`` for a role link, ``?download=1``."""

    permission_required = "surveys.view_survey_links"
    kind = "svg"

    def get(self, request, *args, **kwargs):
        trajectory = self.get_permission_object()
        role = request.GET.get("rol", "")
        if role and role not in ParticipantRole.values:
            raise Http404
        url = request.build_absolute_uri(survey_path(trajectory, role))
        response = HttpResponse(
            qr_image(url, kind=self.kind), content_type=QR_KINDS[self.kind]
        )
        if request.GET.get("download") == "1":
            name = "-".join(
                part
                for part in ("qr", slugify(trajectory.name) or "vragenlijst", role)
                if part
            )
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=f"{name}.{self.kind}"
            )
        patch_cache_control(response, private=True, max_age=300)
        return response


class ResponseDashboardView(TrajectoryPermissionMixin, DetailView):
    """Responses per role and municipality; small groups show as "< 5".

    The page works without JavaScript; with it, htmx asks the fragment view
    every 15 seconds and swaps the numbers in only when they changed.
    """

    permission_required = "surveys.view_response_counts"
    template_name = "surveys/coordinator/response_dashboard.html"
    context_object_name = "trajectory"

    def get_object(self, queryset=None):
        return self.get_permission_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = response_overview(trajectory=self.object)
        return context


class ResponseCountsFragmentView(ResponseDashboardView):
    """The numbers alone, for htmx; 204 (no swap) while nothing changed."""

    template_name = "surveys/coordinator/includes/response_counts.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        context = self.get_context_data(object=self.object, is_fragment=True)
        if request.GET.get("v") and request.GET["v"] == context["overview"].digest:
            return HttpResponse(status=204)
        response = self.render_to_response(context)
        patch_cache_control(response, no_store=True)
        return response


def survey_section_context(request, trajectory: Trajectory) -> dict | None:
    """The survey panel on the trajectory page, for those who may share the links."""
    user = request.user
    if not user.has_perm("surveys.view_survey_links", trajectory):
        return None
    can_view_counts = user.has_perm("surveys.view_response_counts", trajectory)
    return {
        "closed_reason": survey_closed_reason(trajectory),
        "public_url": request.build_absolute_uri(survey_path(trajectory)),
        "links_url": reverse("surveys:survey_links", kwargs={"pk": trajectory.pk}),
        "dashboard_url": (
            reverse("surveys:response_dashboard", kwargs={"pk": trajectory.pk})
            if can_view_counts
            else ""
        ),
        "total": response_count(trajectory=trajectory) if can_view_counts else None,
        # counted in steps of 5 while the survey is open (surveys.results)
        "live": survey_closed_reason(trajectory) is None,
    }


urlpatterns = [
    path(
        "trajecten/<int:pk>/vragenlijst/links/",
        SurveyLinksView.as_view(),
        name="survey_links",
    ),
    path(
        "trajecten/<int:pk>/vragenlijst/qr.svg",
        SurveyQrView.as_view(kind="svg"),
        name="survey_qr_svg",
    ),
    path(
        "trajecten/<int:pk>/vragenlijst/qr.png",
        SurveyQrView.as_view(kind="png"),
        name="survey_qr_png",
    ),
    path(
        "trajecten/<int:pk>/vragenlijst/respons/",
        ResponseDashboardView.as_view(),
        name="response_dashboard",
    ),
    path(
        "trajecten/<int:pk>/vragenlijst/respons/cijfers/",
        ResponseCountsFragmentView.as_view(),
        name="response_counts",
    ),
]
