"""Checks that later apps add to a trajectory's phase move.

``regions`` cannot import the apps that build on it, yet some moves depend on
their state (the phase "bijeenkomsten" needs a planned meeting). Each app
registers a check in its ``AppConfig.ready()``; ``trajectory_move_phase``
refuses the move while any check returns a message.
"""

from collections.abc import Callable

# (trajectory=, from_phase=, to_phase=) -> list of Dutch messages
PhaseCheck = Callable[..., list[str]]

_checks: list[PhaseCheck] = []


def register_phase_check(check: PhaseCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def phase_errors(*, trajectory, from_phase: str, to_phase: str) -> list[str]:
    errors: list[str] = []
    for check in _checks:
        errors.extend(
            check(trajectory=trajectory, from_phase=from_phase, to_phase=to_phase)
        )
    return errors
