"""Keeping personal data only as long as needed: one clean-up, many parts.

Each app that keeps personal data of a trajectory (free-text answers, contact
data, voter tokens, download logs) registers a purger in its
``AppConfig.ready``. ``regions`` runs them all for a trajectory once its
retention period has passed; aggregated results and published plans are
never registered, so they stay.
"""

from __future__ import annotations

from collections.abc import Callable

# (trajectory id) -> {what: how many rows were deleted or emptied}
Purger = Callable[[int], dict[str, int]]

_purgers: dict[str, Purger] = {}


def register_purger(name: str, purger: Purger) -> None:
    """Add a purger under a unique name; registering the same name again replaces it."""
    _purgers[name] = purger


def purgers() -> dict[str, Purger]:
    return dict(_purgers)
