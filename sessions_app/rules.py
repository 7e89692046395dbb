"""Permission names of sessions_app, one import per room."""

from .voting import rules as voting_rules  # noqa: F401
