"""The models of sessions_app, one import per room."""

from .meetings.models import AgendaItem
from .meetings.models import Invitee
from .meetings.models import Meeting
from .voting.models import Topic
from .voting.models import Voter
from .voting.models import VotingRound

__all__ = ["AgendaItem", "Invitee", "Meeting", "Topic", "Voter", "VotingRound"]
