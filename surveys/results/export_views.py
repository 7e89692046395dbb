"""Downloads: aggregated results and anonymous responses, as XLSX and CSV.

A CSV URL with ``?format=csv-excel`` gives the file for Excel with Dutch
settings (semicolons, decimal commas); without it, plain CSV.

What goes into each file, and why, is in ``surveys.results.exports``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views import View

from regions.mixins import TrajectoryPermissionMixin
from regions.models import Trajectory

from ..models import Questionnaire
from . import exports
from .read import questionnaire_of
from .spreadsheet import CSV_CONTENT_TYPE
from .spreadsheet import XLSX_CONTENT_TYPE
from .spreadsheet import export_filename

Build = Callable[..., bytes]

DUTCH_EXCEL = "csv-excel"  # ?format= of a CSV URL: the file for a Dutch Excel

FORMATS: dict[str, tuple[str, Build, Build]] = {
    "xlsx": (XLSX_CONTENT_TYPE, exports.results_xlsx, exports.responses_xlsx),
    "csv": (CSV_CONTENT_TYPE, exports.results_csv, exports.responses_csv),
}


class _ExportView(TrajectoryPermissionMixin, View):
    file_format = "xlsx"
    kind = ""  # "resultaten" or "antwoorden"

    def get_permission_queryset(self) -> QuerySet[Trajectory]:
        return Trajectory.objects.select_related("region", "questionnaire")

    def build(self, questionnaire: Questionnaire | None) -> bytes:
        raise NotImplementedError

    def build_options(self) -> dict[str, Any]:
        if self.file_format == "csv":
            return {"dutch_excel": self.request.GET.get("format") == DUTCH_EXCEL}
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        trajectory = self.trajectory
        content_type = FORMATS[self.file_format][0]
        response = HttpResponse(
            self.build(questionnaire_of(trajectory)), content_type=content_type
        )
        kind = self.kind
        if self.build_options().get("dutch_excel"):
            kind += "-excel"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True,
            filename=export_filename(trajectory, kind, self.file_format),
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


class ResultsExportView(_ExportView):
    """Aggregated results: everyone who follows the trajectory."""

    permission_required = "surveys.export_results"
    kind = "resultaten"

    def build(self, questionnaire: Questionnaire | None) -> bytes:
        build = FORMATS[self.file_format][1]
        return build(questionnaire=questionnaire, **self.build_options())


class ResponsesExportView(_ExportView):
    """Anonymous responses, one row each: trajectory staff only."""

    permission_required = "surveys.export_responses"
    kind = "antwoorden"

    def build(self, questionnaire: Questionnaire | None) -> bytes:
        build = FORMATS[self.file_format][2]
        return build(questionnaire=questionnaire, **self.build_options())


urlpatterns = [
    path(
        "trajecten/<int:pk>/resultaten/export.xlsx",
        ResultsExportView.as_view(file_format="xlsx"),
        name="results_export_xlsx",
    ),
    path(
        "trajecten/<int:pk>/resultaten/export.csv",
        ResultsExportView.as_view(file_format="csv"),
        name="results_export_csv",
    ),
    path(
        "trajecten/<int:pk>/resultaten/antwoorden.xlsx",
        ResponsesExportView.as_view(file_format="xlsx"),
        name="responses_export_xlsx",
    ),
    path(
        "trajecten/<int:pk>/resultaten/antwoorden.csv",
        ResponsesExportView.as_view(file_format="csv"),
        name="responses_export_csv",
    ),
]
