"""Every model of sessions_app, one import per room."""

from .voting.models import Topic  # noqa: F401
from .voting.models import Voter  # noqa: F401
from .voting.models import VotingRound  # noqa: F401
