"""The answering pages: public, anonymous, one theme per page.

A respondent's progress lives in a server-side draft reached through a secret
token in the URL (the resume link) and, on the same device, a cookie holding
that token. Nothing about the device or connection is stored.
"""

from __future__ import annotations

from typing import Any
from typing import cast

from django import forms
from django.conf import settings
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from regions.models import ParticipantRole
from regions.models import Trajectory

from ..models import SurveyDraft
from ..services import questionnaire_get_or_create
from ..services import survey_closed_reason
from ..structure import is_child_role
from ..structure import structure_for
from .forms import ROLE_DESCRIPTIONS
from .forms import ContextForm
from .forms import RoleForm
from .forms import ThemeForm
from .recovery import typed_answers
from .selectors import draft_get
from .selectors import draft_steps
from .selectors import response_exists_for_token
from .selectors import trajectory_for_public_link
from .services import draft_save
from .services import draft_start

COOKIE_PREFIX = "gg_vragenlijst_"
COOKIE_MAX_AGE = 60 * 60 * 24 * 60  # sixty days
BACK_TO_REVIEW = "overzicht"


def _start_rate(group: str, request: HttpRequest) -> str:
    return settings.SURVEY_START_RATE


# Limits the POST that starts a survey (and makes a draft), per client address.
rate_limited = method_decorator(
    ratelimit(key="ip", rate=_start_rate, method="POST", block=True), name="post"
)


def cookie_name(public_token: str) -> str:
    return f"{COOKIE_PREFIX}{public_token}"


def closed_page(
    request: HttpRequest,
    trajectory: Trajectory,
    reason: str,
    *,
    typed: list[tuple[str, str]] | None = None,
    child: bool = False,
) -> HttpResponse:
    return render(
        request,
        "surveys/respond/closed.html",
        {"trajectory": trajectory, "reason": reason, "typed": typed, "child": child},
    )


def draft_or_gone(request: HttpRequest, token: str) -> SurveyDraft | HttpResponse:
    """Return the draft, or a response saying what happened to it."""
    draft = draft_get(token=token)
    if draft is not None:
        return draft
    if response_exists_for_token(token=token):
        return render(request, "surveys/respond/already_sent.html", status=200)
    return render(request, "surveys/respond/unknown_link.html", status=404)


@method_decorator(never_cache, name="dispatch")
@rate_limited
class SurveyStartView(View):
    """The public link: explains the survey and starts (or resumes) it."""

    def _trajectory(self, public_token: str) -> Trajectory:
        trajectory = trajectory_for_public_link(public_token=public_token)
        if trajectory is None:
            raise Http404
        return trajectory

    def _role(self, role: str | None) -> str:
        if role is None:
            return ""
        if role not in ParticipantRole.values:
            raise Http404("unknown role")
        return role

    def get(
        self, request: HttpRequest, public_token: str, role: str | None = None
    ) -> HttpResponse:
        trajectory = self._trajectory(public_token)
        role = self._role(role)
        reason = survey_closed_reason(trajectory)
        if reason:
            return closed_page(request, trajectory, reason)
        token = request.COOKIES.get(cookie_name(trajectory.public_token), "")
        if token and "nieuw" not in request.GET:
            draft = draft_get(token=token)
            if draft is not None and (not role or draft.role == role):
                return redirect("surveys:resume", token=token)
        if not role:
            return self._choose_role(request, trajectory)
        return render(
            request,
            "surveys/respond/start.html",
            {
                "trajectory": trajectory,
                "role": role,
                "role_label": ParticipantRole(role).label if role else "",
                "child": is_child_role(role),
                "chosen": "gekozen" in request.GET,
            },
        )

    def _choose_role(
        self, request: HttpRequest, trajectory: Trajectory
    ) -> HttpResponse:
        """The shared link asks the role first: the start page then fits it."""
        roles = [
            {
                "label": label,
                "description": ROLE_DESCRIPTIONS[ParticipantRole(value)],
                "url": reverse(
                    "surveys:start_role",
                    kwargs={"public_token": trajectory.public_token, "role": value},
                )
                + "?gekozen=1",
            }
            for value, label in ParticipantRole.choices
        ]
        return render(
            request,
            "surveys/respond/choose_role.html",
            {"trajectory": trajectory, "roles": roles},
        )

    def post(
        self, request: HttpRequest, public_token: str, role: str | None = None
    ) -> HttpResponse:
        trajectory = self._trajectory(public_token)
        role = self._role(role)
        reason = survey_closed_reason(trajectory)
        if reason:
            return closed_page(request, trajectory, reason)
        questionnaire = questionnaire_get_or_create(trajectory=trajectory)
        draft, token = draft_start(questionnaire=questionnaire, role=role)
        response = redirect("surveys:step", token=token, step=0)
        response.set_cookie(
            cookie_name(trajectory.public_token),
            token,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


@method_decorator(never_cache, name="dispatch")
class SurveyResumeView(View):
    """The resume link: go to the page where the respondent stopped."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        draft = draft_or_gone(request, token)
        if isinstance(draft, HttpResponse):
            return draft
        return redirect("surveys:step", token=token, step=draft.step)


@method_decorator(never_cache, name="dispatch")
class SurveyStepView(View):
    template_name = "surveys/respond/step.html"

    def _setup(
        self, request: HttpRequest, token: str, step: int, data: Any = None
    ) -> tuple[Any, Any]:
        draft = draft_or_gone(request, token)
        if isinstance(draft, HttpResponse):
            return None, draft
        trajectory = draft.questionnaire.trajectory
        reason = survey_closed_reason(trajectory)
        structure = (
            structure_for(draft.questionnaire)
            if not reason or data is not None
            else None
        )
        steps = draft_steps(draft=draft, structure=structure) if structure else []
        if reason:
            # A page posted after the survey closed: show what was typed.
            typed = None
            if data is not None and 0 <= step < len(steps):
                form = self._form(request, draft, trajectory, *steps[step], data=data)
                typed = typed_answers(form)
            return None, closed_page(
                request,
                trajectory,
                reason,
                typed=typed,
                child=is_child_role(draft.role),
            )
        if step >= len(steps):
            if not draft.role:
                return None, redirect("surveys:step", token=token, step=0)
            return None, redirect("surveys:submit", token=token)
        return (draft, trajectory, structure, steps), None

    def _form(
        self,
        request: HttpRequest,
        draft: SurveyDraft,
        trajectory: Trajectory,
        kind: str,
        payload: Any,
        data: Any = None,
    ) -> forms.Form:
        child = is_child_role(draft.role)
        saved = draft.data or {}
        if kind == "role":
            initial = {
                "role": draft.role,
                "other_roles": saved.get("context", {}).get("other_roles", []),
            }
            return RoleForm(data, initial=initial)
        if kind == "context":
            context = saved.get("context", {})
            return ContextForm(
                data,
                initial=context,
                role=draft.role,
                child=child,
                ask_other_roles=draft.role_fixed,
                municipalities=trajectory.municipalities.order_by("name"),
            )
        answers = saved.get("answers", {})
        questions = payload.questions_for(draft.role)
        initial = {
            q.field_name: answers[str(q.id)] for q in questions if str(q.id) in answers
        }
        return ThemeForm(data, initial=initial, questions=questions, child=child)

    def _render(
        self,
        request: HttpRequest,
        token: str,
        setup: Any,
        step: int,
        form: forms.Form,
        status: int = 200,
    ) -> HttpResponse:
        draft, trajectory, structure, steps = setup
        kind, payload = steps[step]
        child = is_child_role(draft.role)
        return render(
            request,
            self.template_name,
            {
                "trajectory": trajectory,
                "draft": draft,
                "token": token,
                "form": form,
                "kind": kind,
                "theme": payload,
                "heading": payload.heading(child=child) if kind == "theme" else "",
                "child": child,
                "step": step,
                "step_number": step + 1,
                # Before the role is known, count every theme: the bar then
                # only ever jumps forward.
                "total_steps": len(steps) + 1
                if draft.role
                else len(steps) + len(structure.themes) + 1,
                "is_first": step == 0,
                "back_to_review": request.GET.get("terug") == BACK_TO_REVIEW
                or request.POST.get("terug") == BACK_TO_REVIEW,
                "role_descriptions": ROLE_DESCRIPTIONS,
                "resume_url": request.build_absolute_uri(
                    reverse("surveys:resume", kwargs={"token": token})
                ),
            },
            status=status,
        )

    def get(self, request: HttpRequest, token: str, step: int) -> HttpResponse:
        setup, response = self._setup(request, token, step)
        if response:
            return response
        draft, trajectory, _structure, steps = setup
        form = self._form(request, draft, trajectory, *steps[step])
        return self._render(request, token, setup, step, form)

    def post(self, request: HttpRequest, token: str, step: int) -> HttpResponse:
        setup, response = self._setup(request, token, step, data=request.POST)
        if response:
            return response
        draft, trajectory, structure, steps = setup
        kind, payload = steps[step]
        form = self._form(request, draft, trajectory, kind, payload, data=request.POST)
        if not form.is_valid():
            return self._render(request, token, setup, step, form)
        if kind == "role":
            draft_save(
                draft=draft,
                step=step,
                role=form.cleaned_data["role"],
                context={"other_roles": form.cleaned_data["other_roles"]},
            )
        elif kind == "context":
            draft_save(draft=draft, step=step, context=form.cleaned_data)
        else:
            draft_save(draft=draft, step=step, answers=cast(ThemeForm, form).answers())
        going_back = request.POST.get("action") == "back"
        next_step = max(0, step - 1) if going_back else step + 1
        if not going_back and request.POST.get("terug") == BACK_TO_REVIEW:
            # A page corrected from the summary: back to the summary.
            steps = draft_steps(draft=draft, structure=structure)
            draft_save(draft=draft, step=len(steps))
            return redirect("surveys:submit", token=token)
        if not going_back:
            # The number of pages depends on the role just chosen.
            steps = draft_steps(draft=draft, structure=structure)
            if next_step >= len(steps):
                draft_save(draft=draft, step=next_step)
                return redirect("surveys:submit", token=token)
        draft_save(draft=draft, step=next_step)
        return redirect("surveys:step", token=token, step=next_step)
