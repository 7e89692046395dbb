"""Permission names of sessions_app, one import per room."""

from .meetings import rules as meetings_rules  # noqa: F401
from .presentation import rules as presentation_rules  # noqa: F401
from .voting import rules as voting_rules  # noqa: F401
