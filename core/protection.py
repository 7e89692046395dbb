"""Small-group protection: the one rule every page, slide, export and PDF obeys.

No number is shown for a group of fewer than ``SMALL_GROUP_THRESHOLD`` people,
and a hidden group can never be worked out by subtracting the shown groups
from a shown total: whenever the hidden groups of a row add up to between 1
and threshold-1, the smallest shown group is hidden as well, until the hidden
rest is 0 or at least the threshold. Survey results and vote results both
call ``suppress``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping

from django.conf import settings


def threshold() -> int:
    return settings.SMALL_GROUP_THRESHOLD


def can_be_worked_out(hidden: list[tuple[int, int]], *, hidden_sum: int) -> bool:
    """Whether a reader can pin one hidden count down to a single value.

    ``hidden`` holds each hidden cell's (lowest, highest) possible value as the
    reader knows it from its label; ``hidden_sum`` is what the total minus the
    shown cells leaves for them together.
    """
    lows = [low for low, _high in hidden]
    highs = [high for _low, high in hidden]
    for index, (low, high) in enumerate(hidden):
        lowest = max(low, hidden_sum - (sum(highs) - highs[index]))
        highest = min(high, hidden_sum - (sum(lows) - lows[index]))
        if lowest >= highest:
            return True
    return False


def suppress(
    counts: Mapping[str, int],
    *,
    total: int | None = None,
    already_hidden: Iterable[str] = (),
    limit: int | None = None,
) -> set[str]:
    """Return the keys whose numbers must not be shown.

    The one rule for every page, export and slide. ``counts`` are the sizes of
    the groups in one row; ``total`` is the shown total they add up to (their
    sum when None). A group of 1 to threshold-1 is hidden. Then, while either

    - the hidden groups together hold 1 to threshold-1 people (so ``total -
      shown`` would reveal a small group), or
    - a reader who knows which hidden groups are small ("< 5") and which were
      hidden to protect them ("5 of meer") could still pin one of them down
      to a single number,

    the smallest shown non-empty group is hidden too. When the total itself
    is small, or nothing is left to hide, everything is hidden.
    ``already_hidden`` groups (hidden on another level, e.g. a whole role)
    count as hidden from the start.
    """
    limit = limit or threshold()
    total = sum(counts.values()) if total is None else total
    if 0 < total < limit:
        return set(counts)
    hidden = {key for key, n in counts.items() if 0 < n < limit}
    hidden |= set(already_hidden) & set(counts)

    def unsafe() -> bool:
        remainder = total - sum(n for key, n in counts.items() if key not in hidden)
        if 0 < remainder < limit:
            return True
        bounds = [
            (1, limit - 1) if counts[key] < limit else (limit, remainder)
            for key in hidden
            if counts[key] > 0
        ]
        return bool(bounds) and can_be_worked_out(bounds, hidden_sum=remainder)

    while unsafe():
        candidates = sorted(
            (n, key) for key, n in counts.items() if key not in hidden and n > 0
        )
        if not candidates:
            return set(counts)
        hidden.add(candidates[0][1])
    return hidden
