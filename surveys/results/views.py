"""The results page and the slides (issue #4): they show a ``ResultsRead``.

Both pages ask ``results_read`` for their figures and draw the charts of what
it hands back; they hide nothing themselves, because the read holds nothing
that may not be shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.protection import threshold
from regions.mixins import TrajectoryPermissionMixin
from regions.models import Trajectory

from .bands import BANDS
from .charts import ScoreRow
from .charts import likert_chart
from .charts import likert_labels
from .charts import score_chart
from .read import ResultsFilters
from .read import ResultsRead
from .read import questionnaire_of
from .read import results_read
from .themes import HIDDEN
from .themes import NOT_ASKED
from .themes import ScoreCell
from .themes import ThemeRead
from .themes import group_label

MUNICIPALITY_PARAM = "gemeente"
ROLE_PARAM = "rol"
SLIDE_PARAM = "dia"


def _score_rows(cells: list[ScoreCell]) -> list[ScoreRow]:
    return [
        ScoreRow(
            label=c.label,
            score=c.raw_score,
            n=c.n if c.raw_score is not None else None,
            hidden=c.state == HIDDEN,
            note=c.note,
        )
        for c in cells
        if c.state != NOT_ASKED
    ]


def draw_charts(themes: list[ThemeRead], *, large: bool = False) -> None:
    """Draw each theme's score chart and, unless ``large`` (slides), each statement's."""
    for index, theme in enumerate(themes):
        if not large:
            for statement in theme.statements:
                statement.chart = likert_chart(
                    chart_id=f"stelling-{statement.id}",
                    title=statement.text,
                    rows=statement.rows,
                )
        theme.score_chart = score_chart(
            chart_id=f"{'dia-grafiek' if large else 'scores'}-{index}",
            title=_("Score per rol: %(theme)s") % {"theme": theme.title},
            rows=_score_rows(theme.cells),
            large=large,
        )


class _ResultsPage(TrajectoryPermissionMixin, TemplateView):
    permission_required = "surveys.view_results"

    def get_permission_queryset(self) -> QuerySet[Trajectory]:
        return Trajectory.objects.select_related("region", "questionnaire")


class ResultsView(_ResultsPage):
    """The perspective table, then every theme and statement per group."""

    template_name = "surveys/results/results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        read = results_read(
            questionnaire=questionnaire_of(trajectory),
            filters=ResultsFilters.from_query(
                self.request.GET, municipality=MUNICIPALITY_PARAM, role=ROLE_PARAM
            ),
            with_filter_options=True,
        )
        _warn_about_filters(self.request, read)
        draw_charts(read.themes)
        context.update(
            trajectory=trajectory,
            read=read,
            questionnaire=read.questionnaire,
            count_rows=read.count_rows,
            total=read.total_display,
            total_hidden=read.total_hidden,
            has_results=read.has_results,
            any_hidden=read.any_hidden,
            columns=[(g, group_label(g)) for g in read.columns],
            sections=read.themes,
            different=read.different,
            municipality_options=read.municipality_options,
            municipality_id=read.municipality_id,
            municipality_name=read.municipality_name,
            role_options=[(r, group_label(r)) for r in read.shown_roles],
            role=read.role,
            role_label=group_label(read.role) if read.role else "",
            legend=likert_labels(),
            score_bands=BANDS,
            threshold=threshold(),
            presentation_url=reverse(
                "surveys:results_presentation", kwargs={"pk": trajectory.pk}
            ),
        )
        return context


def _warn_about_filters(request: HttpRequest, read: ResultsRead) -> None:
    if read.municipality_rejected:
        messages.warning(
            request,
            _(
                "Die gemeente kunnen we niet apart laten zien: er zijn te weinig antwoorden, of de gemeente hoort niet bij dit traject. U ziet de resultaten van alle gemeenten."
            ),
        )
    if read.role_rejected:
        messages.warning(
            request,
            _(
                "Die rol kunnen we niet apart laten zien: er zijn te weinig antwoorden. U ziet alle rollen."
            ),
        )


class ResultsPresentationView(_ResultsPage):
    """Full-screen slides: a title slide, then one slide per theme.

    Every slide is in the page; ``?dia=N`` picks the one shown, so the
    Vorige/Volgende links work without JavaScript. ``slides.js`` adds the
    keyboard and switches slides without reloading (full screen stays on).
    """

    template_name = "surveys/results/presentation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        read = results_read(questionnaire=questionnaire_of(trajectory))
        sections = read.themes if read.has_results else []
        draw_charts(sections, large=True)
        count = 1 + len(sections)
        try:
            current = int(self.request.GET.get(SLIDE_PARAM, "1"))
        except ValueError:
            current = 1
        current = min(max(current, 1), count)
        context.update(
            trajectory=trajectory,
            count_rows=read.count_rows,
            total=read.total_display,
            has_results=read.has_results,
            sections=sections,
            slide_count=count,
            current=current,
            previous=current - 1 if current > 1 else None,
            next=current + 1 if current < count else None,
            results_url=reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        )
        return context


def results_section_context(
    request: HttpRequest, trajectory: Trajectory
) -> dict[str, str] | None:
    """Links to the results and the slides on the trajectory page."""
    if not request.user.has_perm("surveys.view_results", trajectory):
        return None
    return {
        "results_url": reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        "presentation_url": reverse(
            "surveys:results_presentation", kwargs={"pk": trajectory.pk}
        ),
    }


urlpatterns = [
    path("trajecten/<int:pk>/resultaten/", ResultsView.as_view(), name="results"),
    path(
        "trajecten/<int:pk>/resultaten/presentatie/",
        ResultsPresentationView.as_view(),
        name="results_presentation",
    ),
]
