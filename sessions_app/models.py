"""The models of sessions_app, one module per room."""

from .meetings.models import AgendaItem
from .meetings.models import Invitee
from .meetings.models import Meeting

__all__ = ["AgendaItem", "Invitee", "Meeting"]
