"""Topic suggestions and comparisons with the country and earlier trajectories."""

from django.urls import path
from django.views.generic import DetailView

from core.mixins import PermissionRequiredMixin
from regions.models import Trajectory

from ..insights import theme_comparisons
from ..insights import topic_suggestions
from ..services import questionnaire_get_or_create
from ..stats import survey_results


class _ResultsBase(PermissionRequiredMixin, DetailView):
    permission_required = "surveys.view_results"
    context_object_name = "trajectory"

    def get_queryset(self):
        return Trajectory.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = questionnaire_get_or_create(trajectory=self.object)
        context["questionnaire"] = questionnaire
        context["results"] = survey_results(questionnaire=questionnaire)
        return context


class TopicSuggestionsView(_ResultsBase):
    template_name = "surveys/insights/topic_suggestions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["suggestions"] = topic_suggestions(context["results"])
        return context


class ComparisonView(_ResultsBase):
    template_name = "surveys/insights/comparison.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comparisons"] = theme_comparisons(
            context["results"], questionnaire=context["questionnaire"]
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
