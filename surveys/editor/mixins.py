"""The editor pages' common ground: permission, the objects from the URL."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic.base import ContextMixin

from regions.mixins import TrajectoryPermissionMixin

from ..models import Question
from ..models import Questionnaire
from ..models import Theme
from ..services import questionnaire_get_or_create
from .selectors import editor_question_get
from .selectors import editor_theme_get
from .selectors import questionnaire_is_frozen

PERMISSION = "surveys.change_questionnaire"


class _FindObjects(ContextMixin, View):
    """Look the theme or question up right after the permission check.

    An id of another trajectory's theme or question answers 404 before any
    other answer (frozen, wrong method), and only after the permission check,
    so nobody learns which ids exist elsewhere.
    """

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        for kwarg, attribute in (("theme_pk", "theme"), ("question_pk", "question")):
            if kwarg in kwargs:
                getattr(self, attribute)  # a cached_property; raises Http404
        return super().dispatch(request, *args, **kwargs)


class EditorMixin(TrajectoryPermissionMixin, _FindObjects):
    """Permission on the trajectory; themes and questions looked up inside it."""

    permission_required = PERMISSION

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return questionnaire_get_or_create(trajectory=self.trajectory)

    @cached_property
    def frozen(self) -> bool:
        return questionnaire_is_frozen(questionnaire=self.questionnaire)

    @cached_property
    def theme(self) -> Theme:
        theme = editor_theme_get(
            trajectory=self.trajectory, theme_id=self.kwargs["theme_pk"]
        )
        if theme is None:
            raise Http404
        return theme

    @cached_property
    def question(self) -> Question:
        question = editor_question_get(
            trajectory=self.trajectory, question_id=self.kwargs["question_pk"]
        )
        if question is None:
            raise Http404
        return question

    def overview_url(self, *, anchor: str = "") -> str:
        url = reverse("surveys:editor", kwargs={"pk": self.trajectory.pk})
        return f"{url}#{anchor}" if anchor else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["trajectory"] = self.trajectory
        context["overview_url"] = self.overview_url()
        return context
