"""When a survey page cannot be saved: nothing the respondent typed is lost.

Two cases. The CSRF check fails (the page stood open for hours, the cookie
was cleared, or a privacy setting blocked it): the page shows what was typed
in a form with a fresh token, so one click saves it after all. Or the survey
closed while the page was open: the page shows the typed answers back, so the
person can keep them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django import forms
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import QueryDict
from django.shortcuts import render
from django.urls import Resolver404
from django.urls import resolve

from ..models import SurveyDraft
from ..structure import is_child_role
from .selectors import draft_get

# The survey pages whose POST carries answers or starts a survey.
SURVEY_POSTS = {"start", "start_role", "step", "submit", "restart"}


def typed_answers(form: forms.Form) -> list[tuple[str, str]]:
    """What was typed in a bound form, as (question, answer) in its words."""
    typed = []
    data = cast(QueryDict, form.data)
    for field in form:
        if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
            values = data.getlist(field.html_name)
        else:
            value = data.get(field.html_name, "")
            values = [value] if value not in (None, "") else []
        if not values:
            continue
        labels = dict(getattr(field.field, "choices", ()) or ())
        words = [str(labels.get(_coerce(v, labels), v)) for v in values]
        typed.append((str(field.label), ", ".join(words)))
    return typed


def _coerce(value: str, labels: dict) -> object:
    if value in labels:
        return value
    try:
        number = int(value)
    except ValueError:
        return value
    return number if number in labels else value


def _posted(request: HttpRequest) -> Iterable[tuple[str, str]]:
    for name in request.POST:
        if name == "csrfmiddlewaretoken":
            continue
        for value in request.POST.getlist(name):
            yield name, value


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse | None:
    """A Dutch page that keeps a survey page's answers, or None elsewhere."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace != "surveys" or match.url_name not in SURVEY_POSTS:
        return None
    token = match.kwargs.get("token", "")
    draft = draft_get(token=token) if token else None
    child = is_child_role(draft.role if draft else match.kwargs.get("role", ""))
    return render(
        request,
        "surveys/respond/csrf_failure.html",
        {
            "posted": list(_posted(request)),
            "action": request.path,
            "child": child,
            "neutral": draft is None and not match.kwargs.get("role"),
        },
        status=403,
    )


def draft_typed(draft: SurveyDraft) -> list[tuple[str, str]]:
    """A saved draft's answers as (question, answer), for the closed page.

    When the survey closed before "Versturen", the answers were never
    counted; the page shows them back so the person can keep them.
    """
    from ..structure import structure_for
    from .forms import ThemeForm
    from .selectors import draft_steps

    answers = (draft.data or {}).get("answers", {})
    child = is_child_role(draft.role)
    typed: list[tuple[str, str]] = []
    structure = structure_for(draft.questionnaire)
    for kind, theme in draft_steps(draft=draft, structure=structure):
        if kind != "theme" or theme is None:
            continue
        questions = theme.questions_for(draft.role)
        data = QueryDict(mutable=True)
        for question in questions:
            value = answers.get(str(question.id))
            if isinstance(value, list):
                data.setlist(question.field_name, [str(v) for v in value])
            elif value not in (None, ""):
                data[question.field_name] = str(value)
        typed.extend(typed_answers(ThemeForm(data, questions=questions, child=child)))
    return typed
