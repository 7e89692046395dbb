"""Meeting pages for the trajectory's staff, and the invitee's personal link."""

from .invitees import AttendanceView
from .invitees import InvitationsSendView
from .invitees import InviteeDeleteView
from .invitees import InviteeListView
from .invitees import InviteeUpdateView
from .meetings import MeetingCreateView
from .meetings import MeetingDefaultsView
from .meetings import MeetingDeleteView
from .meetings import MeetingDetailView
from .meetings import MeetingListView
from .meetings import MeetingMoveView
from .meetings import MeetingNotesView
from .meetings import MeetingUpdateView
from .meetings import meetings_section_context
from .rsvp import RsvpIcsView
from .rsvp import RsvpView

__all__ = [
    "AttendanceView",
    "InvitationsSendView",
    "InviteeDeleteView",
    "InviteeListView",
    "InviteeUpdateView",
    "MeetingCreateView",
    "MeetingDefaultsView",
    "MeetingDeleteView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingMoveView",
    "MeetingNotesView",
    "MeetingUpdateView",
    "RsvpIcsView",
    "RsvpView",
    "meetings_section_context",
]
