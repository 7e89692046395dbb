"""The results page and the slides (issue #4): they show a ``ResultsRead``.

Both pages ask ``results_read`` for their figures and draw the charts of what
it hands back; they hide nothing themselves, because the read holds nothing
that may not be shown.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404
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
from .protection import live_step
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


def draw_statement_charts(theme: ThemeRead) -> None:
    """Draw the distribution chart of each statement of ``theme``."""
    for statement in theme.statements:
        statement.chart = likert_chart(
            chart_id=f"stelling-{statement.id}",
            title=statement.text,
            rows=statement.rows,
        )


def draw_charts(themes: list[ThemeRead], *, large: bool = False) -> None:
    """Draw each theme's score chart (``large``: the slides' version).

    The statements' charts are drawn only where a theme's statements are
    shown (``draw_statement_charts``): the results page loads them per theme.
    """
    for index, theme in enumerate(themes):
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


def _filter_query(read: ResultsRead) -> str:
    """The accepted filters as a query string, for links that keep them."""
    params: dict[str, object] = {}
    if read.municipality_id is not None:
        params[MUNICIPALITY_PARAM] = read.municipality_id
    if read.role:
        params[ROLE_PARAM] = read.role
    return f"?{urlencode(params)}" if params else ""


def _read_for(request: HttpRequest, trajectory: Trajectory) -> ResultsRead:
    return results_read(
        questionnaire=questionnaire_of(trajectory),
        filters=ResultsFilters.from_query(
            request.GET, municipality=MUNICIPALITY_PARAM, role=ROLE_PARAM
        ),
        with_filter_options=True,
    )


class ResultsView(_ResultsPage):
    """The perspective table, then every theme; its statements load when opened.

    Each theme's statements sit in a ``<details>`` that htmx fills from
    ``ResultsThemeView`` the first time it is opened; without JavaScript
    it holds a link to that page. So the page stays small at any number of
    responses (issue #11, "Speed").
    """

    template_name = "surveys/results/results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        read = _read_for(self.request, trajectory)
        _warn_about_filters(self.request, read)
        draw_charts(read.themes)
        query = _filter_query(read)
        for theme in read.themes:
            theme.statements_url = (
                reverse(
                    "surveys:results_theme",
                    kwargs={"pk": trajectory.pk, "key": theme.key},
                )
                + query
            )
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
            live=read.live,
            step=live_step(),
            presentation_url=reverse(
                "surveys:results_presentation", kwargs={"pk": trajectory.pk}
            ),
            links=next_step_links(trajectory),
        )
        return context


class ResultsThemeView(_ResultsPage):
    """One theme's statements, per group: a page, or the fragment htmx asks for.

    Read with the same filters as the results page, so the statements match
    the table they were opened from.
    """

    template_name = "surveys/results/theme.html"
    fragment_template_name = "surveys/results/includes/theme_statements.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return [self.fragment_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        read = _read_for(self.request, trajectory)
        theme = next((t for t in read.themes if t.key == self.kwargs["key"]), None)
        if theme is None and read.has_results:
            raise Http404
        if theme is not None and read.has_results:
            draw_statement_charts(theme)
        context.update(
            trajectory=trajectory,
            section=theme if read.has_results else None,
            legend=likert_labels(),
            # Under the theme's h3 on the results page, under the h1 alone.
            heading_level=4 if getattr(self.request, "htmx", False) else 2,
            results_url=reverse("surveys:results", kwargs={"pk": trajectory.pk})
            + _filter_query(read),
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
        # The title slide, a slide per theme, and where to go next.
        count = 2 + len(sections) if sections else 1
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
            total_hidden=read.total_hidden,
            live=read.live,
            sections=sections,
            slide_count=count,
            current=current,
            previous=current - 1 if current > 1 else None,
            next=current + 1 if current < count else None,
            results_url=reverse("surveys:results", kwargs={"pk": trajectory.pk}),
            links=next_step_links(trajectory),
            end_slide=count if sections else None,
        )
        return context


def next_step_links(trajectory: Trajectory) -> dict[str, str]:
    """Where the results lead: the topic suggestions and the comparison."""
    kwargs = {"pk": trajectory.pk}
    return {
        "topics_url": reverse("surveys:topic_suggestions", kwargs=kwargs),
        "comparison_url": reverse("surveys:comparison", kwargs=kwargs),
    }


def results_section_context(
    request: HttpRequest, trajectory: Trajectory
) -> dict[str, object] | None:
    """Links to the results, the slides and where they lead, on the trajectory page."""
    if not request.user.has_perm("surveys.view_results", trajectory):
        return None
    return {
        "results_url": reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        "presentation_url": reverse(
            "surveys:results_presentation", kwargs={"pk": trajectory.pk}
        ),
        "links": next_step_links(trajectory),
    }


urlpatterns = [
    path("trajecten/<int:pk>/resultaten/", ResultsView.as_view(), name="results"),
    path(
        "trajecten/<int:pk>/resultaten/thema/<slug:key>/",
        ResultsThemeView.as_view(),
        name="results_theme",
    ),
    path(
        "trajecten/<int:pk>/resultaten/presentatie/",
        ResultsPresentationView.as_view(),
        name="results_presentation",
    ),
]
