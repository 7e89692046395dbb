"""The end of a survey: the summary and submit, the thank-you page, a restart."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from regions.models import ParticipantRole
from regions.models import Trajectory

from ..services import survey_closed_reason
from ..structure import is_child_role
from ..structure import structure_for
from .recovery import draft_typed
from .selectors import draft_get
from .selectors import draft_steps
from .selectors import draft_summary
from .selectors import pending_submit_get
from .selectors import response_exists_for_token
from .selectors import trajectory_for_public_link
from .services import NothingAnswered
from .services import SurveyClosed
from .services import survey_submit_pending
from .views import closed_page
from .views import cookie_name
from .views import draft_or_gone

# Who the thank-you page speaks to, for an hour after the submit. A cookie,
# not the URL: URLs end up in access logs beside an IP address.
THANKS_COOKIE = "gg_bedankt"
THANKS_AUDIENCES: dict[str, str] = {
    ParticipantRole.PLEEGKIND.value: "kind",
    ParticipantRole.EIGEN_KIND.value: "kind",
    ParticipantRole.PLEEGOUDER.value: "pleegouder",
    ParticipantRole.OUDER.value: "ouder",
    ParticipantRole.PROFESSIONAL.value: "werk",
    ParticipantRole.BELEIDSMAKER.value: "werk",
}


@method_decorator(never_cache, name="get")
class SurveySubmitView(View):
    """The last page: a short summary, then one POST stores the survey.

    Not rate-limited itself: a submit needs a draft, drafts are only made by
    ``SurveyStartView.post``, which is limited per client, and each draft is
    stored at most once. That bounds the submissions per client without three
    cache round trips on the busiest request.

    ``never_cache`` covers the summary page (GET) only: browsers and proxies
    never cache the answer to a POST, and its headers took the submit 4% of
    its time.
    """

    template_name = "surveys/respond/review.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        draft = draft_or_gone(request, token)
        if isinstance(draft, HttpResponse):
            return draft
        trajectory = draft.questionnaire.trajectory
        reason = survey_closed_reason(trajectory)
        if reason:
            return closed_page(
                request,
                trajectory,
                reason,
                typed=draft_typed(draft),
                child=is_child_role(draft.role),
            )
        if not draft.role:
            return redirect("surveys:step", token=token, step=0)
        structure = structure_for(draft.questionnaire)
        steps = draft_steps(draft=draft, structure=structure)
        child = is_child_role(draft.role)
        summary = draft_summary(draft=draft, steps=steps, child=child)
        return render(
            request,
            self.template_name,
            {
                "trajectory": trajectory,
                "token": token,
                "summary": summary,
                "nothing_answered": not any(row["answered"] for row in summary),
                "child": child,
                "last_step": len(steps) - 1,
                "step_number": len(steps) + 1,
                "total_steps": len(steps) + 1,
            },
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        pending = pending_submit_get(token=token)
        if pending is None:
            if response_exists_for_token(token=token):
                # A double click or a retry: the first submit stored it.
                return self._thanks(request, None)
            return render(request, "surveys/respond/unknown_link.html", status=404)
        if not pending.role:
            return redirect("surveys:step", token=token, step=0)
        try:
            result = survey_submit_pending(pending=pending, token=token)
        except NothingAnswered:
            # An empty survey is not counted: the summary says so, kindly.
            return redirect("surveys:submit", token=token)
        except SurveyClosed as closed:
            # Closed before "Versturen": show the saved answers back.
            draft = draft_get(token=token)
            return closed_page(
                request,
                draft.questionnaire.trajectory
                if draft
                else get_object_or_404(Trajectory, public_token=pending.public_token),
                closed.message,
                typed=draft_typed(draft) if draft else None,
                child=is_child_role(pending.role),
            )
        if not result.created:
            return self._thanks(request, None)
        return self._thanks(request, pending.public_token, pending.role)

    def _thanks(
        self, request: HttpRequest, public_token: str | None, role: str = ""
    ) -> HttpResponse:
        if public_token is None:
            return render(request, "surveys/respond/already_sent.html")
        response = redirect("surveys:thanks", public_token=public_token)
        response.delete_cookie(cookie_name(public_token), samesite="Lax")
        response.set_cookie(
            THANKS_COOKIE,
            THANKS_AUDIENCES.get(role, ""),
            max_age=60 * 60,
            path=response["Location"],
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


@method_decorator(never_cache, name="dispatch")
class SurveyThanksView(View):
    def get(self, request: HttpRequest, public_token: str) -> HttpResponse:
        trajectory = trajectory_for_public_link(public_token=public_token)
        if trajectory is None:
            raise Http404
        audience = request.COOKIES.get(THANKS_COOKIE, "")
        if audience not in THANKS_AUDIENCES.values():
            audience = ""
        return render(
            request,
            "surveys/respond/thanks.html",
            {
                "trajectory": trajectory,
                "audience": audience,
                "child": audience == "kind",
            },
        )


@method_decorator(never_cache, name="dispatch")
class SurveyRestartView(View):
    """Start a new, empty survey on this device (e.g. for someone else)."""

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        draft = draft_or_gone(request, token)
        if isinstance(draft, HttpResponse):
            return draft
        trajectory = draft.questionnaire.trajectory
        url = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
        response = redirect(url + "?nieuw=1")
        response.delete_cookie(cookie_name(trajectory.public_token), samesite="Lax")
        return response
