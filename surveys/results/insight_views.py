"""Topic suggestions and comparisons with the country and earlier trajectories."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.views.generic import TemplateView

from regions.mixins import TrajectoryPermissionMixin
from regions.models import Trajectory

from .insights import theme_comparisons
from .insights import topic_suggestions
from .read import questionnaire_of
from .read import results_read


class _InsightsPage(TrajectoryPermissionMixin, TemplateView):
    permission_required = "surveys.view_results"

    def get_permission_queryset(self) -> QuerySet[Trajectory]:
        return Trajectory.objects.select_related("region", "questionnaire")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questionnaire = questionnaire_of(self.trajectory)
        read = results_read(questionnaire=questionnaire)
        context.update(
            trajectory=self.trajectory,
            questionnaire=questionnaire,
            read=read,
            results=read.results,
        )
        return context


class TopicSuggestionsView(_InsightsPage):
    template_name = "surveys/insights/topic_suggestions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["suggestions"] = topic_suggestions(context["read"])
        return context


class ComparisonView(_InsightsPage):
    template_name = "surveys/insights/comparison.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questionnaire = context["questionnaire"]
        context["comparisons"] = (
            theme_comparisons(context["results"], questionnaire=questionnaire)
            if questionnaire is not None
            else []
        )
        return context


urlpatterns = [
    path(
        "trajecten/<int:pk>/resultaten/onderwerpen/",
        TopicSuggestionsView.as_view(),
        name="topic_suggestions",
    ),
    path(
        "trajecten/<int:pk>/resultaten/vergelijking/",
        ComparisonView.as_view(),
        name="comparison",
    ),
]
