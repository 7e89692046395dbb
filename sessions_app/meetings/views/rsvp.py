"""The invitee's personal link: answer, needs and the .ics file; no account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .. import selectors
from .. import services
from ..forms import RsvpForm
from ..models import Invitee
from .base import add_errors


def _invitee_or_404(token: str) -> Invitee:
    invitee = selectors.invitee_by_token(token=token)
    if invitee is None:
        raise Http404
    return invitee


class RsvpView(View):
    """Answer yes, maybe or no, and say what you need; no account needed."""

    def _render(self, invitee, form, status=200):
        return render(
            self.request,
            "sessions_app/meetings/rsvp.html",
            {
                "invitee": invitee,
                "meeting": invitee.meeting,
                "form": form,
                "child": invitee.is_child,
                "token": self.kwargs["token"],
            },
            status=status,
        )

    def get(self, request, token):
        invitee = _invitee_or_404(token)
        initial = {
            "needs_childcare": invitee.needs_childcare,
            "needs_travel_costs": invitee.needs_travel_costs,
            "needs_accessibility": invitee.needs_accessibility,
            "needs_other": invitee.needs_other,
        }
        if invitee.response != Invitee.Response.PENDING:
            initial["response"] = invitee.response
        return self._render(invitee, RsvpForm(initial=initial, child=invitee.is_child))

    def post(self, request, token):
        invitee = _invitee_or_404(token)
        form = RsvpForm(request.POST, child=invitee.is_child)
        if form.is_valid():
            try:
                services.invitee_respond(invitee=invitee, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Dank je wel! Je antwoord is opgeslagen.")
                    if invitee.is_child
                    else _("Dank u wel! Uw antwoord is opgeslagen."),
                )
                return redirect(reverse("meetings:rsvp", kwargs={"token": token}))
        return self._render(invitee, form, status=400)


class RsvpIcsView(View):
    """The meeting as a calendar file, for the invitee's own agenda."""

    def get(self, request, token):
        invitee = _invitee_or_404(token)
        if not invitee.meeting.is_planned:
            raise Http404
        response = HttpResponse(
            services.meeting_ics(meeting=invitee.meeting, invitee=invitee),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="bijeenkomst.ics"'
        return response
