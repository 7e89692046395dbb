"""Meeting pages: the sequence, one meeting, its details and notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .. import selectors
from .. import services
from ..agenda_forms import ADD_ROWS
from ..agenda_forms import agenda_formset
from ..agenda_forms import typed_meeting_fields
from ..forms import MeetingCreateForm
from ..forms import MeetingForm
from ..forms import NotesForm
from .base import MeetingListMixin
from .base import MeetingMixin
from .base import add_errors
from .base import messages_of


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
                add_errors(form, exc)
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
            messages.error(request, messages_of(exc))
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
    """The meeting's details and its agenda (a formset), saved together."""

    permission_required = "sessions_app.change_meeting"

    def _render(self, form, agenda, status=200):
        return render(
            self.request,
            "sessions_app/meetings/meeting_form.html",
            {
                "trajectory": self.trajectory,
                "meeting": self.meeting,
                "form": form,
                "agenda": agenda,
            },
            status=status,
        )

    def get(self, request, pk, meeting_pk):
        return self._render(
            MeetingForm(trajectory=self.trajectory, meeting=self.meeting),
            agenda_formset(meeting=self.meeting),
        )

    def post(self, request, pk, meeting_pk):
        if ADD_ROWS in request.POST:
            # "Meer regels": the same page with two more rows, nothing saved.
            return self._render(
                MeetingForm(
                    trajectory=self.trajectory,
                    meeting=self.meeting,
                    initial=typed_meeting_fields(request.POST),
                ),
                agenda_formset(meeting=self.meeting, data=request.POST, add_rows=True),
            )
        form = MeetingForm(
            request.POST, trajectory=self.trajectory, meeting=self.meeting
        )
        agenda = agenda_formset(meeting=self.meeting, data=request.POST)
        if form.is_valid() and agenda.is_valid():
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
                    agenda=agenda.entries(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De bijeenkomst is opgeslagen."))
                return redirect(self.detail_url())
        return self._render(form, agenda, status=400)


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
