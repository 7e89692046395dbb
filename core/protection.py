"""Small-group protection: the one rule every page, slide, export and PDF obeys.

No number is shown for a group of fewer than ``SMALL_GROUP_THRESHOLD`` people,
and a hidden group can never be worked out by subtracting the shown groups
from a shown total: whenever the hidden groups of a row add up to between 1
and threshold-1, the smallest shown group is hidden as well, until the hidden
rest is 0 or at least the threshold. Survey results and vote results both
call ``suppress``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from itertools import product

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


# --- Rows: every combination of descriptive fields shared by enough people ----

Recode = Callable[[Sequence[str]], list[str]]


def keep(values: Sequence[str]) -> list[str]:
    """The values as they are (the first level of every field)."""
    return list(values)


def blank(values: Sequence[str]) -> list[str]:
    """Leave the field out (the last level of every field)."""
    return [""] * len(values)


def mapped(mapping: Mapping[str, str]) -> Recode:
    """Replace each value by a wider one (a month by its quarter, say)."""
    return lambda values: [mapping.get(value, value) for value in values]


def merge_small(other: str) -> Recode:
    """Put the values held by a small group (and those needed to protect it) together.

    ``suppress`` decides which values are merged, so the merged group holds
    0 or at least the threshold, and no merged value can be worked out.
    """

    def recode(values: Sequence[str]) -> list[str]:
        hidden = suppress(Counter(values))
        return [other if value in hidden else value for value in values]

    return recode


def coarsen(
    columns: Mapping[str, Sequence[str]],
    levels: Mapping[str, Sequence[Recode]],
    *,
    limit: int | None = None,
) -> dict[str, list[str]] | None:
    """Coarsen the descriptive fields of rows until every combination is shared.

    ``columns`` holds each field's value per row (all of one length);
    ``levels`` each field's recodings from exact to wider, ending with
    ``blank``; the fields listed last are the ones most worth keeping.
    Of all choices of a level per field, the ones with the fewest steps
    altogether in which every combination of the shown values is shared by
    at least ``limit`` rows are candidates; the one keeping most
    combinations apart wins (then the one that keeps the later fields
    finer). Returns the shown columns, or None when there are fewer rows
    than ``limit`` (then no row may be shown at all). Nothing is hidden cell
    by cell, so no total lets a reader work a group out.
    """
    limit = limit or threshold()
    names = list(levels)
    rows = len(next(iter(columns.values()), []))
    if rows == 0:
        return {name: [] for name in columns}
    if rows < limit:
        return None
    recoded = {
        name: [recode(columns[name]) for recode in levels[name]] for name in names
    }
    nodes = sorted(product(*(range(len(levels[name])) for name in names)), key=sum)
    best: tuple[tuple[int, tuple[int, ...]], tuple[int, ...]] | None = None
    for node in nodes:
        if best is not None and sum(node) > sum(best[1]):
            break
        view = [recoded[name][at] for name, at in zip(names, node, strict=True)]
        combinations = Counter(zip(*view, strict=True))
        if min(combinations.values()) < limit:
            continue
        rank = (-len(combinations), tuple(reversed(node)))
        if best is None or rank < best[0]:
            best = (rank, node)
    if best is None:  # cannot happen: with every field blank all rows are one
        return None
    chosen = dict(zip(names, best[1], strict=True))
    return {
        **{name: list(columns[name]) for name in columns},
        **{name: recoded[name][chosen[name]] for name in names},
    }
