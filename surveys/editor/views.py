"""The questionnaire editor (for coordinators).

A trajectory starts from the standard questionnaire. Until the first response
arrives, its coordinator (or NVP staff) can switch themes off, change the
wording, add, move and delete questions. Every page works without JavaScript:
moving and switching are small POST forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django.views.generic import TemplateView

from regions.models import Trajectory

from ..models import Question
from ..models import Theme
from .forms import MoveForm
from .forms import QuestionAddForm
from .forms import QuestionForm
from .forms import ThemeForm
from .forms import ThemeToggleForm
from .mixins import PERMISSION
from .mixins import EditorMixin
from .selectors import editor_themes
from .selectors import questionnaire_summary
from .services import ENGLISH_STALE_MESSAGE
from .services import FROZEN_MESSAGE
from .services import QuestionnaireFrozen
from .services import question_add
from .services import question_delete
from .services import question_move
from .services import question_update
from .services import theme_move
from .services import theme_set_enabled
from .services import theme_update


class QuestionnaireEditorView(EditorMixin, TemplateView):
    """All themes in order with their questions, and the edit controls."""

    template_name = "surveys/editor/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        themes = editor_themes(questionnaire=self.questionnaire)
        context.update(
            questionnaire=self.questionnaire,
            themes=themes,
            frozen=self.frozen,
            frozen_message=FROZEN_MESSAGE,
            themes_on=sum(1 for theme in themes if theme.enabled),
            questions_on=sum(
                len(theme.questions.all()) for theme in themes if theme.enabled
            ),
        )
        return context


class EditorFormView(EditorMixin, FormView):
    """A form page that refuses edits, with the reason, once answers exist."""

    @property
    def success_message(self) -> str:
        return ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.frozen:
            messages.warning(request, FROZEN_MESSAGE)
            return redirect(self.overview_url())
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if self.frozen:
            # Validate anyway, so the typed text comes back with the reason.
            form.is_valid()
            form.add_error(None, FROZEN_MESSAGE)
            return self.form_invalid(form)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def save(self, form: forms.Form) -> str:
        """Call the service; return the anchor to go back to."""
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            anchor = self.save(form)
        except QuestionnaireFrozen:
            form.add_error(None, FROZEN_MESSAGE)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.overview_url(anchor=anchor))


class ThemeUpdateView(EditorFormView):
    form_class = ThemeForm
    template_name = "surveys/editor/theme_form.html"

    @property
    def success_message(self) -> str:
        return _("De titel van het thema is opgeslagen.")

    def get_initial(self) -> dict[str, Any]:
        theme = self.theme
        return {
            "title": theme.title,
            "title_en": theme.title_en,
            "child_title": theme.child_title,
            "child_title_en": theme.child_title_en,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["theme"] = self.theme
        return context

    def save(self, form: forms.Form) -> str:
        theme_update(theme=self.theme, **form.cleaned_data)
        return f"thema-{self.theme.pk}"


class QuestionCreateView(EditorFormView):
    form_class = QuestionAddForm
    template_name = "surveys/editor/question_add.html"

    @property
    def success_message(self) -> str:
        return _("De vraag is toegevoegd, onderaan het thema.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "theme": self.theme}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["theme"] = self.theme
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        question = question_add(
            theme=self.theme,
            kind=data["kind"],
            text=data["text"],
            text_en=data["text_en"],
            child_text=data["child_text"],
            child_text_en=data["child_text_en"],
            roles=data["roles"],
            choices=data["choices"],
        )
        return f"vraag-{question.pk}"


class QuestionUpdateView(EditorFormView):
    form_class = QuestionForm
    template_name = "surveys/editor/question_form.html"

    @property
    def success_message(self) -> str:
        return _("De vraag is opgeslagen.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "theme": self.question.theme,
            "kind": self.question.kind,
        }

    def get_initial(self) -> dict[str, Any]:
        question = self.question
        return {
            "text": question.text,
            "text_en": question.text_en,
            "child_text": question.child_text,
            "child_text_en": question.child_text_en,
            "roles": question.roles,
            "choices": "\n".join(
                str(choice.get("label", "")) for choice in question.choices or []
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["theme"] = self.question.theme
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        question = question_update(
            question=self.question,
            text=data["text"],
            text_en=data["text_en"],
            child_text=data["child_text"],
            child_text_en=data["child_text_en"],
            roles=data["roles"],
            choices=data.get("choices") or None,
        )
        if question.english_stale:
            messages.warning(self.request, ENGLISH_STALE_MESSAGE)
        return f"vraag-{self.question.pk}"


class QuestionDeleteView(EditorMixin, TemplateView):
    """Ask first; delete on POST."""

    template_name = "surveys/editor/question_confirm_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.frozen:
            messages.warning(request, FROZEN_MESSAGE)
            return redirect(self.overview_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["theme"] = self.question.theme
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.question
        anchor = f"thema-{question.theme_id}"
        try:
            question_delete(question=question)
        except QuestionnaireFrozen:
            messages.error(request, FROZEN_MESSAGE)
            return redirect(self.overview_url())
        messages.success(request, _("De vraag is verwijderd."))
        return redirect(self.overview_url(anchor=anchor))


class ThemeToggleView(EditorMixin, View):
    """Switch a theme on or off (POST only)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        theme = self.theme
        anchor = f"thema-{theme.pk}"
        form = ThemeToggleForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Dat ging niet. Kies of het thema aan of uit moet.")
            )
            return redirect(self.overview_url(anchor=anchor))
        enabled = form.cleaned_data["enabled"]
        try:
            theme_set_enabled(theme=theme, enabled=enabled)
        except QuestionnaireFrozen:
            messages.error(request, FROZEN_MESSAGE)
            return redirect(self.overview_url())
        if enabled:
            message = _("Het thema '%(title)s' staat aan. De vragen worden gesteld.")
        else:
            message = _(
                "Het thema '%(title)s' staat uit. De vragen van dit thema worden niet gesteld."
            )
        messages.success(request, message % {"title": theme.title})
        return redirect(self.overview_url(anchor=anchor))


class MoveView(EditorMixin, View):
    """Move a theme or question one place up or down (POST only)."""

    def target(self) -> tuple[Theme | Question, Callable[[str], bool], str]:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj, mover, anchor = self.target()
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Dat ging niet. Kies omhoog of omlaag."))
            return redirect(self.overview_url(anchor=anchor))
        direction = form.cleaned_data["direction"]
        try:
            moved = mover(direction)
        except QuestionnaireFrozen:
            messages.error(request, FROZEN_MESSAGE)
            return redirect(self.overview_url())
        if not moved:
            messages.info(
                request,
                _("Dit staat al bovenaan.")
                if direction == "up"
                else _("Dit staat al onderaan."),
            )
        elif direction == "up":
            messages.success(
                request, _("Eén plek omhoog gezet: %(name)s") % {"name": obj}
            )
        else:
            messages.success(
                request, _("Eén plek omlaag gezet: %(name)s") % {"name": obj}
            )
        return redirect(self.overview_url(anchor=anchor))


class ThemeMoveView(MoveView):
    def target(self) -> tuple[Theme | Question, Callable[[str], bool], str]:
        theme = self.theme
        return (
            theme,
            lambda direction: theme_move(theme=theme, direction=direction),
            f"thema-{theme.pk}",
        )


class QuestionMoveView(MoveView):
    def target(self) -> tuple[Theme | Question, Callable[[str], bool], str]:
        question = self.question
        return (
            question,
            lambda direction: question_move(question=question, direction=direction),
            f"vraag-{question.pk}",
        )


def editor_section_context(request: HttpRequest, trajectory: Trajectory) -> dict | None:
    """The editor's panel on the trajectory page, for those who may edit."""
    if not request.user.has_perm(PERMISSION, trajectory):
        return None
    return {
        "summary": questionnaire_summary(trajectory=trajectory),
        "editor_url": reverse("surveys:editor", kwargs={"pk": trajectory.pk}),
        "frozen_message": FROZEN_MESSAGE,
    }
