"""Permission names of sessions_app, one module per room."""

from .meetings import rules as meetings_rules  # noqa: F401
