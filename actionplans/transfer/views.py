"""NVP staff download a trajectory's export from the trajectory page."""

from __future__ import annotations

import json

from django.http import StreamingHttpResponse
from django.views import View

from regions.mixins import TrajectoryPermissionMixin

from .exporter import trajectory_export
from .services import trajectory_export_log


class TrajectoryExportView(TrajectoryPermissionMixin, View):
    """The JSON of ``export_trajectory``; contacts only when the box is ticked."""

    permission_required = "actionplans.export_trajectory"

    def get(self, request, pk):
        trajectory = self.trajectory
        with_contacts = request.GET.get("contacts") == "1"
        export = trajectory_export(trajectory=trajectory, with_contacts=with_contacts)
        trajectory_export_log(
            trajectory=trajectory, user=request.user, with_contacts=with_contacts
        )
        encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in encoder.iterencode(export)),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="traject-{trajectory.pk}.json"'
        )
        response["Cache-Control"] = "no-store"
        return response


def export_section_context(request, trajectory) -> dict | None:
    if not request.user.has_perm("actionplans.export_trajectory", trajectory):
        return None
    return {"trajectory": trajectory}
