"""What the results may show: the small-group rule applied to every figure.

``core.protection.suppress`` is the one rule; this module is the only place in
the results room that calls it. It decides, for every row of numbers the
results read hands out (statement and theme figures, respondents per role,
response counts per role and municipality, municipalities named in an
export), which numbers are hidden and how a hidden number is labelled:

- ``SHOWN``: the exact number;
- ``SMALL``: 1 to threshold-1, shown as "< 5";
- ``PROTECTED``: hidden so that a small group cannot be worked out, shown as
  "5 of meer" (the reader knows it is not small);
- ``WITHHELD``: hidden without a label ("verborgen"), where even the labels
  would let a reader pin a hidden number down.

With a municipality filter a figure is also hidden when the overall figure
minus it (the rest of the region) would be a small group (``guard_row``).

While a survey is open (``is_live``) figures move with every submission, so
two states a reader sees just before and just after one person submits
would give that person's answers. Every figure shown while it is open is
therefore published in whole steps (``live_count``): a count of people only
in multiples of ``live_step()``, a statement's answers per role only as the
first 5, 10, 15 ... answers (``queries._answers``), and shares and scores only
from those. Between any two states a reader can see, every changed group
grew by 0 or at least the threshold. Exact figures once the survey closes.

Rows of single responses (the response-level export) have their own rule:
``response_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core import protection
from core.protection import can_be_worked_out
from core.protection import suppress
from core.protection import threshold
from regions.models import Trajectory

from ..services import survey_closed_reason
from .figures import ALL

if TYPE_CHECKING:
    from .figures import Cell
    from .figures import Results

SHOWN = "shown"
SMALL = "small"  # 1 to threshold - 1: shown as "< 5"
PROTECTED = "protected"  # hidden so that a small count cannot be worked out
WITHHELD = "withheld"  # hidden without a label


@dataclass(frozen=True)
class CountRow:
    """One count as a page, slide or export shows it; ``count`` is None unless shown."""

    key: str
    label: str
    count: int | None
    status: str
    target: int | None = None

    @property
    def shown(self) -> bool:
        return self.status == SHOWN

    @property
    def display(self) -> str:
        if self.status == SHOWN:
            return str(self.count)
        if self.status == SMALL:
            return f"< {threshold()}"
        if self.status == PROTECTED:
            return _("%(n)s of meer") % {"n": threshold()}
        return _("verborgen")

    @property
    def target_reached(self) -> bool:
        return bool(
            self.target and self.count is not None and self.count >= self.target
        )


@dataclass(frozen=True)
class Breakdown:
    """Counts that add up to a total shown exactly elsewhere."""

    rows: tuple[CountRow, ...]
    withheld: bool

    @property
    def has_hidden(self) -> bool:
        return any(row.status != SHOWN for row in self.rows)


# --- Statement and theme figures ----------------------------------------------


def roles_hidden(respondents: Mapping[str, int], roles: Iterable[str]) -> set[str]:
    """The roles whose respondents (and so every figure) are hidden."""
    return suppress(
        {role: respondents[role] for role in roles}, total=respondents.get(ALL, 0)
    )


def row_hidden(sizes: Mapping[str, int], hidden_roles: Iterable[str]) -> set[str]:
    """The groups of one statement or theme row whose figures are hidden.

    ``sizes`` holds the answers per role and ``ALL``; roles hidden on the
    respondent level stay hidden. A small ``ALL`` hides the whole row.
    """
    roles = {group: n for group, n in sizes.items() if group != ALL}
    hidden = suppress(roles, total=sizes.get(ALL), already_hidden=hidden_roles)
    if 0 < sizes.get(ALL, 0) < threshold():
        hidden.add(ALL)
    return hidden


def guard_row(
    n: Mapping[str, int],
    hidden: Iterable[str],
    overall_n: Mapping[str, int],
    *,
    extra: Iterable[str] = frozenset(),
) -> set[str]:
    """Return the groups of one filtered row to hide, given the unfiltered row.

    A group shown here gives away "overall minus filtered", the rest of the
    region, whenever the overall figure is known; even a hidden overall
    figure may be known (as the total minus the shown groups), so every rest
    must be 0 or at least the threshold. Groups in ``extra`` are hidden for
    that reason too. A group hidden for that reason must not be computable
    within the row either: as the only hidden role (the total minus the shown
    roles), or, for the total, as the sum of the roles. The result holds
    ``ALL`` when only hiding the total protects the row.
    """
    limit = threshold()
    hidden = set(hidden)
    guarded = {
        group
        for group, count in n.items()
        if group not in hidden
        and group in overall_n
        and 0 < overall_n[group] - count < limit
    } | (set(extra) & set(n)) - hidden
    hidden |= guarded
    roles = [group for group in n if group != ALL]
    shown = sorted((n[r], r) for r in roles if r not in hidden and n[r] > 0)
    hidden_roles = [r for r in roles if r in hidden and n[r] > 0]
    if len(hidden_roles) == 1 and hidden_roles[0] in guarded and ALL not in hidden:
        hidden.add(shown[0][1] if shown else ALL)
    if ALL in guarded and not hidden_roles and shown:
        hidden.add(shown[0][1])
    return hidden


def guard_against_overall(
    filtered: Results, overall: Results, *, roles: Iterable[str]
) -> None:
    """Hide filtered statement figures whose difference with the overall ones is small.

    ``roles`` are hidden outright: their respondent counts were guarded.
    """
    roles = set(roles)
    overall_rows: dict[int, dict[str, Cell]] = {
        q.question.id: q.cells for t in overall.themes for q in t.questions
    }
    for theme in filtered.themes:
        for question in theme.questions:
            cells = question.cells
            other = overall_rows.get(question.question.id, {})
            hide = guard_row(
                {g: c.n for g, c in cells.items()},
                {g for g, c in cells.items() if c.hidden},
                {g: c.n for g, c in other.items()},
                extra=roles,
            )
            for group in hide:
                cells[group].hidden = True


# --- Respondents per role -----------------------------------------------------


def hidden_respondents(results: Results, *, overall: Results | None = None) -> set[str]:
    """Roles whose respondent count is not shown; ``ALL`` when the total is not.

    With ``overall`` (the unfiltered results) the counts are guarded against
    it as in ``guard_row``.
    """
    if results.total_hidden:
        return {*results.roles, ALL}
    hidden = set(results.hidden_roles)
    if overall is None:
        return hidden
    counts = {r: results.respondents.get(r, 0) for r in results.roles}
    counts[ALL] = results.total
    return guard_row(counts, hidden, dict(overall.respondents))


def respondent_rows(
    results: Results, hidden: set[str], *, labels: Mapping[str, str] | None = None
) -> tuple[list[CountRow], str]:
    """Respondents per role as every page shows them, and the total.

    A hidden role says "< 5" (or "5 of meer" when hidden to protect another
    group), unless the total minus the shown roles would then pin a hidden
    count down; in that case every hidden role just says "verborgen".
    """
    limit = threshold()
    labels = labels or {}
    counts = {r: results.respondents.get(r, 0) for r in results.roles}
    hidden_sum = results.total - sum(n for r, n in counts.items() if r not in hidden)
    bounds = [
        (1, limit - 1) if counts[r] < limit else (limit, hidden_sum)
        for r in counts
        if r in hidden
    ]
    labelled = ALL in hidden or not can_be_worked_out(bounds, hidden_sum=hidden_sum)
    rows = []
    for role, count in counts.items():
        if role not in hidden:
            status = SHOWN
        elif labelled:
            status = SMALL if count < limit else PROTECTED
        else:
            status = WITHHELD
        rows.append(
            CountRow(
                key=role,
                label=labels.get(role, role),
                count=count if status == SHOWN else None,
                status=status,
            )
        )
    total = f"< {limit}" if ALL in hidden else str(results.total)
    return rows, total


# --- Response counts (the coordinator's dashboard) ----------------------------


def suppress_small_counts(
    counts: Sequence[int], *, threshold: int | None = None
) -> tuple[list[str], bool]:
    """Decide which counts of one breakdown may be shown; return (statuses, withheld).

    The rule, for counts that add up to a total shown exactly elsewhere:

    1. A count from 1 to ``threshold - 1`` is a small group: it is shown as
       "< 5" (``SMALL``). A count of 0 is shown: nobody can be recognised in
       an empty group, and the coordinator needs to see who is missing.
    2. The total minus the shown counts gives the sum of the hidden ones. If a
       reader can use that sum to pin down any hidden count (one hidden cell;
       two hidden cells of 4 adding up to 8; a "< 5" beside a hidden 5 that
       add up to 6), the smallest shown non-zero count is hidden as well
       (``PROTECTED``, shown as "5 of meer": the reader knows it is not small),
       and this repeats until no hidden count can be pinned down.
    3. If no shown count is left to hide, the whole breakdown is withheld:
       every cell, zeros included, is hidden, so only the total remains.

    Statuses come back in the order of ``counts``; ties go to the earlier cell.
    """
    limit = threshold or protection.threshold()
    keyed = {str(index): count for index, count in enumerate(counts)}
    hidden = suppress(keyed, limit=limit)
    if hidden and hidden == set(keyed) and any(counts):
        return [WITHHELD] * len(counts), True
    statuses = []
    for index, count in enumerate(counts):
        if str(index) not in hidden:
            statuses.append(SHOWN)
        elif count < limit:
            statuses.append(SMALL)
        else:
            statuses.append(PROTECTED)
    return statuses, False


def breakdown(
    entries: Sequence[tuple[str, str, int, int | None]], *, threshold: int | None = None
) -> Breakdown:
    """Rows (key, label, count, target) with the hidden counts taken out."""
    statuses, withheld = suppress_small_counts(
        [count for _key, _label, count, _target in entries], threshold=threshold
    )
    return Breakdown(
        rows=tuple(
            CountRow(
                key=key,
                label=label,
                count=count if status == SHOWN else None,
                status=status,
                target=target,
            )
            for (key, label, count, target), status in zip(
                entries, statuses, strict=True
            )
        ),
        withheld=withheld,
    )


# --- Municipalities -----------------------------------------------------------


def municipality_filter_allowed(
    *, municipality_counts: Mapping[int | None, int]
) -> set[int]:
    """Municipalities whose results may be shown on their own.

    Both the municipality and the rest of the respondents must be groups of
    at least the threshold, so "all minus this municipality" reveals no
    small group either.
    """
    total = sum(municipality_counts.values())
    limit = threshold()
    return {
        municipality_id
        for municipality_id, n in municipality_counts.items()
        if municipality_id is not None
        and n >= limit
        and (total - n == 0 or total - n >= limit)
    }


# --- Open surveys: figures in whole steps -------------------------------------


def is_live(trajectory: Trajectory) -> bool:
    """Whether the survey takes answers today, so that its figures can move."""
    return survey_closed_reason(trajectory) is None


def live_step() -> int:
    """The step in which figures move while a survey is open: the threshold."""
    return threshold()


def live_count(n: int, *, live: bool) -> int:
    """A count of people as published: while live, rounded down to a whole step."""
    return n - n % live_step() if live else n
