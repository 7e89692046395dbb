"""Writes for meetings, invitees, invitations and attendance (one module each)."""

from .emails import invitation_email_send
from .emails import invitations_send
from .emails import meeting_ics
from .emails import reminder_email_send
from .emails import reminders_due
from .emails import reminders_queue
from .emails import site_url
from .invitees import PasteResult
from .invitees import attendance_update
from .invitees import invitee_add
from .invitees import invitee_delete
from .invitees import invitee_respond
from .invitees import invitee_update
from .invitees import invitees_add_from_text
from .invitees import parse_addresses
from .meetings import MAX_AGENDA_ITEMS
from .meetings import AgendaEntry
from .meetings import default_sequence
from .meetings import meeting_create
from .meetings import meeting_delete
from .meetings import meeting_move
from .meetings import meeting_notes_update
from .meetings import meeting_update
from .meetings import meetings_create_defaults
from .meetings import trajectory_phase_errors

__all__ = [
    "MAX_AGENDA_ITEMS",
    "AgendaEntry",
    "PasteResult",
    "attendance_update",
    "default_sequence",
    "invitation_email_send",
    "invitations_send",
    "invitee_add",
    "invitee_delete",
    "invitee_respond",
    "invitee_update",
    "invitees_add_from_text",
    "meeting_create",
    "meeting_delete",
    "meeting_ics",
    "meeting_move",
    "meeting_notes_update",
    "meeting_update",
    "meetings_create_defaults",
    "parse_addresses",
    "reminder_email_send",
    "reminders_due",
    "reminders_queue",
    "site_url",
    "trajectory_phase_errors",
]
