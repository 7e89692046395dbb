"""Shared pieces of the meeting pages: the meeting and invitee from the URL."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from regions.mixins import TrajectoryPermissionMixin

from .. import selectors
from ..models import Invitee
from ..models import Meeting

PK_MAX = 2**63 - 1


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def add_errors(form, exc: ValidationError) -> None:
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
