"""Invitee pages: the list, adding, correcting, deleting, sending, attendance."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from .. import selectors
from .. import services
from ..forms import InviteeForm
from ..forms import PasteForm
from ..models import Invitee
from .base import InviteeMixin
from .base import MeetingMixin
from .base import add_errors
from .base import messages_of

# Only ASCII digits: str.isdigit() also accepts "²", which int() refuses.
PK_SHAPE = re.compile(r"[0-9]{1,18}")


class InviteeListView(MeetingMixin, View):
    """The invitation list with both ways of adding people (one or pasted)."""

    permission_required = "sessions_app.view_invitee"

    def _render(self, *, form=None, paste_form=None, status=200):
        user = self.request.user
        can_change = user.has_perm("sessions_app.change_invitee", self.trajectory)
        invitees = list(selectors.invitee_list_for_meeting(meeting=self.meeting))
        return render(
            self.request,
            "sessions_app/meetings/invitee_list.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "invitees": invitees,
                "unsent": sum(1 for i in invitees if i.invitation_sent_at is None),
                "can_change": can_change,
                "can_send": user.has_perm(
                    "sessions_app.send_invitations", self.trajectory
                ),
                "form": form or InviteeForm(prefix="one"),
                "paste_form": paste_form or PasteForm(prefix="paste"),
            },
            status=status,
        )

    def get(self, request, pk, meeting_pk):
        return self._render()

    def post(self, request, pk, meeting_pk):
        if not request.user.has_perm("sessions_app.change_invitee", self.trajectory):
            return self.handle_no_permission()
        if request.POST.get("form") == "paste":
            return self._paste()
        form = InviteeForm(request.POST, prefix="one")
        if form.is_valid():
            try:
                invitee = services.invitee_add(
                    meeting=self.meeting, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("%(name)s staat op de lijst.") % {"name": invitee}
                )
                return redirect(self.invitees_url())
        return self._render(form=form, status=400)

    def _paste(self):
        form = PasteForm(self.request.POST, prefix="paste")
        if form.is_valid():
            try:
                result = services.invitees_add_from_text(
                    meeting=self.meeting,
                    text=form.cleaned_data["addresses"],
                    role=form.cleaned_data["role"],
                    organisation=form.cleaned_data["organisation"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                self._report(result)
                if not result.invalid:
                    return redirect(self.invitees_url())
                # Keep only the addresses that still need fixing in the box.
                form = PasteForm(
                    {
                        "paste-addresses": "\n".join(result.invalid),
                        "paste-role": form.cleaned_data["role"],
                        "paste-organisation": form.cleaned_data["organisation"],
                    },
                    prefix="paste",
                )
                form.is_valid()
                form.add_error(
                    "addresses",
                    _(
                        "Deze adressen kloppen niet: %(list)s. Verbeter ze en voeg ze toe."
                    )
                    % {"list": ", ".join(result.invalid[:20])},
                )
        return self._render(paste_form=form, status=400)

    def _report(self, result) -> None:
        if result.added:
            messages.success(
                self.request,
                ngettext(
                    "%(count)s adres toegevoegd.",
                    "%(count)s adressen toegevoegd.",
                    len(result.added),
                )
                % {"count": len(result.added)},
            )
        if result.already_invited:
            messages.info(
                self.request,
                ngettext(
                    "%(count)s adres stond al op de lijst.",
                    "%(count)s adressen stonden al op de lijst.",
                    len(result.already_invited),
                )
                % {"count": len(result.already_invited)},
            )


class InviteeUpdateView(InviteeMixin, View):
    permission_required = "sessions_app.change_invitee"

    def _render(self, form, status=200):
        return render(
            self.request,
            "sessions_app/meetings/invitee_form.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "invitee": self.invitee,
                "form": form,
            },
            status=status,
        )

    def get(self, request, pk, meeting_pk, invitee_pk):
        invitee = self.invitee
        return self._render(
            InviteeForm(
                initial={
                    "name": invitee.name,
                    "email": invitee.email,
                    "role": invitee.role,
                    "organisation": invitee.organisation,
                },
                submit_label=_("Gegevens opslaan"),
            )
        )

    def post(self, request, pk, meeting_pk, invitee_pk):
        form = InviteeForm(request.POST, submit_label=_("Gegevens opslaan"))
        if form.is_valid():
            try:
                services.invitee_update(invitee=self.invitee, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De gegevens zijn verbeterd."))
                return redirect(self.invitees_url())
        return self._render(form, status=400)


class InviteeDeleteView(InviteeMixin, View):
    permission_required = "sessions_app.change_invitee"

    def get(self, request, pk, meeting_pk, invitee_pk):
        return render(
            request,
            "sessions_app/meetings/invitee_delete.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "invitee": self.invitee,
            },
        )

    def post(self, request, pk, meeting_pk, invitee_pk):
        services.invitee_delete(invitee=self.invitee)
        messages.success(
            request, _("De gegevens van deze persoon zijn voorgoed verwijderd.")
        )
        return redirect(self.invitees_url())


class InvitationsSendView(MeetingMixin, View):
    permission_required = "sessions_app.send_invitations"
    http_method_names = ["post"]

    def post(self, request, pk, meeting_pk):
        try:
            count = services.invitations_send(meeting=self.meeting)
        except ValidationError as exc:
            messages.error(request, messages_of(exc))
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s uitnodiging gaat nu per e-mail de deur uit.",
                        "%(count)s uitnodigingen gaan nu per e-mail de deur uit.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("Iedereen op de lijst is al uitgenodigd."))
        return redirect(self.invitees_url())


class AttendanceView(MeetingMixin, View):
    """The attendance list: tick who is there, during the meeting."""

    permission_required = "sessions_app.take_attendance"

    def get(self, request, pk, meeting_pk):
        invitees = list(selectors.invitee_list_for_meeting(meeting=self.meeting))
        order = {Invitee.Response.YES: 0, Invitee.Response.MAYBE: 1}
        invitees.sort(key=lambda i: (order.get(i.response, 2), i.name, i.email))
        return render(
            request,
            "sessions_app/meetings/attendance.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "invitees": invitees,
                "role_counts": selectors.meeting_role_counts(meeting=self.meeting),
                "present_total": sum(1 for i in invitees if i.attended),
            },
        )

    def post(self, request, pk, meeting_pk):
        ids = {
            int(value)
            for value in request.POST.getlist("present")[:5000]
            if PK_SHAPE.fullmatch(value)
        }
        count = services.attendance_update(meeting=self.meeting, present=ids)
        messages.success(
            request,
            ngettext(
                "Opgeslagen: %(count)s persoon aanwezig.",
                "Opgeslagen: %(count)s personen aanwezig.",
                count,
            )
            % {"count": count},
        )
        return redirect(
            reverse(
                "meetings:attendance",
                kwargs={"pk": self.trajectory.pk, "meeting_pk": self.meeting.pk},
            )
        )
