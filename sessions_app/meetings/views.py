"""Meeting pages for the trajectory's staff, and the invitee's personal link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from regions.mixins import TrajectoryPermissionMixin

from . import selectors
from . import services
from .forms import InviteeForm
from .forms import MeetingCreateForm
from .forms import MeetingForm
from .forms import NotesForm
from .forms import PasteForm
from .forms import RsvpForm
from .models import Invitee
from .models import Meeting

PK_MAX = 2**63 - 1


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class MeetingListMixin(TrajectoryPermissionMixin):
    def list_url(self) -> str:
        return reverse("meetings:meeting_list", kwargs={"pk": self.trajectory.pk})


class MeetingMixin(MeetingListMixin):
    """The meeting named by the URL's ``meeting_pk``, inside the trajectory."""

    @property
    def meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            meeting_pk = self.kwargs["meeting_pk"]
            meeting = (
                selectors.meeting_for_trajectory(
                    trajectory=self.trajectory, meeting_pk=meeting_pk
                )
                if meeting_pk <= PK_MAX
                else None
            )
            if meeting is None:
                raise Http404
            self._meeting = meeting
        return self._meeting

    def detail_url(self) -> str:
        return self.meeting.get_absolute_url()

    def invitees_url(self) -> str:
        return reverse(
            "meetings:invitee_list",
            kwargs={"pk": self.trajectory.pk, "meeting_pk": self.meeting.pk},
        )


# Meetings ------------------------------------------------------------------


class MeetingListView(MeetingListMixin, View):
    permission_required = "sessions_app.view_meeting"

    def get(self, request, pk):
        return self.render_list()

    def render_list(self, form=None, status=200):
        can_change = self.request.user.has_perm(
            "sessions_app.change_meeting", self.trajectory
        )
        meetings = list(
            selectors.meeting_list_for_trajectory(trajectory=self.trajectory)
        )
        return render(
            self.request,
            "sessions_app/meetings/meeting_list.html",
            {
                "trajectory": self.trajectory,
                "meetings": meetings,
                "can_change": can_change,
                "form": form or (MeetingCreateForm() if can_change else None),
                "is_dialoogtafel": self.trajectory.format
                == self.trajectory.Format.DIALOOGTAFEL,
            },
            status=status,
        )


class MeetingDefaultsView(MeetingListMixin, View):
    permission_required = "sessions_app.change_meeting"
    http_method_names = ["post"]

    def post(self, request, pk):
        created = services.meetings_create_defaults(trajectory=self.trajectory)
        if created:
            messages.success(request, _("De standaardbijeenkomsten staan klaar."))
        else:
            messages.info(request, _("Dit traject heeft al bijeenkomsten."))
        return redirect(self.list_url())


class MeetingCreateView(MeetingListView):
    permission_required = "sessions_app.change_meeting"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = MeetingCreateForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    trajectory=self.trajectory,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("De bijeenkomst “%(title)s” is toegevoegd.")
                    % {"title": meeting.title},
                )
                return redirect(self.list_url())
        return self.render_list(form=form, status=400)


class MeetingMoveView(MeetingMixin, View):
    permission_required = "sessions_app.change_meeting"
    http_method_names = ["post"]

    def post(self, request, pk, meeting_pk):
        try:
            services.meeting_move(
                meeting=self.meeting, direction=request.POST.get("direction", "")[:10]
            )
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        return redirect(self.list_url())


class MeetingDeleteView(MeetingMixin, View):
    permission_required = "sessions_app.change_meeting"

    def get(self, request, pk, meeting_pk):
        return render(
            request,
            "sessions_app/meetings/meeting_delete.html",
            {"trajectory": self.trajectory, "meeting": self.meeting},
        )

    def post(self, request, pk, meeting_pk):
        title = self.meeting.title
        services.meeting_delete(meeting=self.meeting)
        messages.success(
            request,
            _("De bijeenkomst “%(title)s” is verwijderd, met haar genodigden.")
            % {"title": title},
        )
        return redirect(self.list_url())


class MeetingDetailView(MeetingMixin, View):
    permission_required = "sessions_app.view_meeting"

    def get(self, request, pk, meeting_pk):
        return self.render_detail()

    def render_detail(self, notes_form=None, status=200):
        user = self.request.user
        if notes_form is None and user.has_perm(
            "sessions_app.write_meeting_notes", self.trajectory
        ):
            notes_form = NotesForm(initial={"notes": self.meeting.notes})
        return render(
            self.request,
            "sessions_app/meetings/meeting_detail.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "role_counts": selectors.meeting_role_counts(meeting=self.meeting),
                "can_change": user.has_perm(
                    "sessions_app.change_meeting", self.trajectory
                ),
                "notes_form": notes_form,
            },
            status=status,
        )


class MeetingUpdateView(MeetingMixin, View):
    permission_required = "sessions_app.change_meeting"

    def _render(self, form, status=200):
        return render(
            self.request,
            "sessions_app/meetings/meeting_form.html",
            {"trajectory": self.trajectory, "meeting": self.meeting, "form": form},
            status=status,
        )

    def get(self, request, pk, meeting_pk):
        return self._render(
            MeetingForm(trajectory=self.trajectory, meeting=self.meeting)
        )

    def post(self, request, pk, meeting_pk):
        form = MeetingForm(
            request.POST, trajectory=self.trajectory, meeting=self.meeting
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_update(
                    meeting=self.meeting,
                    title=data["title"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    online_url=data["online_url"],
                    facilitators=data["facilitators"],
                    agenda=data["agenda"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("De bijeenkomst is opgeslagen."))
                return redirect(self.detail_url())
        return self._render(form, status=400)


class MeetingNotesView(MeetingDetailView):
    permission_required = "sessions_app.write_meeting_notes"
    http_method_names = ["post"]

    def post(self, request, pk, meeting_pk):
        form = NotesForm(request.POST)
        if not form.is_valid():
            return self.render_detail(notes_form=form, status=400)
        services.meeting_notes_update(
            meeting=self.meeting, notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("De aantekeningen zijn opgeslagen."))
        return redirect(self.detail_url())


# Invitees ------------------------------------------------------------------


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
                _add_errors(form, exc)
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
                _add_errors(form, exc)
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


class InviteeMixin(MeetingMixin):
    @property
    def invitee(self) -> Invitee:
        if not hasattr(self, "_invitee"):
            invitee_pk = self.kwargs["invitee_pk"]
            invitee = (
                selectors.invitee_for_meeting(
                    meeting=self.meeting, invitee_pk=invitee_pk
                )
                if invitee_pk <= PK_MAX
                else None
            )
            if invitee is None:
                raise Http404
            self._invitee = invitee
        return self._invitee


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
                _add_errors(form, exc)
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
            messages.error(request, _messages_of(exc))
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
            if value.isdigit() and len(value) < 19
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


# The invitee's personal link ----------------------------------------------


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
                _add_errors(form, exc)
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


def meetings_section_context(request, trajectory) -> dict | None:
    """The next meeting on the trajectory page, for everyone who follows it."""
    user = request.user
    if not user.has_perm("regions.view_trajectory", trajectory):
        return None
    can_view = user.has_perm("sessions_app.view_meeting", trajectory)
    return {
        "next_meeting": selectors.meeting_next(trajectory=trajectory),
        "list_url": (
            reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk})
            if can_view
            else ""
        ),
    }
