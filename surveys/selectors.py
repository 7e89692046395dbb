"""Reads for surveys: response counts for the coordinator's dashboard.

Counts of small groups are never shown: see ``suppress_small_counts`` for the
rule, which every breakdown on the dashboard goes through.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.protection import suppress
from regions.models import ParticipantRole
from regions.models import Trajectory

from .models import Questionnaire
from .models import Response
from .stats import ALL
from .stats import respondents_by_role

SHOWN = "shown"
SMALL = "small"  # 1 to threshold - 1: shown as "< 5"
PROTECTED = "protected"  # hidden so that a small count cannot be worked out
WITHHELD = "withheld"  # the whole breakdown is hidden


def response_counts_by_municipality(*, questionnaire: Questionnaire) -> QuerySet:
    """Rows ``{"municipality_id", "municipality__name", "count"}``, one query.

    ``municipality_id`` is None for respondents who preferred not to say.
    """
    return (
        Response.objects.filter(questionnaire=questionnaire)
        .values("municipality_id", "municipality__name")
        .annotate(count=Count("pk"))
        .order_by("municipality__name")
    )


def response_count(*, trajectory: Trajectory) -> int:
    """Number of responses of the trajectory's survey (one query)."""
    return Response.objects.filter(questionnaire__trajectory=trajectory).count()


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
    threshold = threshold or settings.SMALL_GROUP_THRESHOLD
    keyed = {str(index): count for index, count in enumerate(counts)}
    hidden = suppress(keyed, limit=threshold)
    if hidden and hidden == set(keyed) and any(counts):
        return [WITHHELD] * len(counts), True
    statuses = []
    for index, count in enumerate(counts):
        if str(index) not in hidden:
            statuses.append(SHOWN)
        elif count < threshold:
            statuses.append(SMALL)
        else:
            statuses.append(PROTECTED)
    return statuses, False


@dataclass(frozen=True)
class CountRow:
    """One line of a breakdown; ``count`` is None unless it may be shown."""

    key: str
    label: str
    count: int | None
    status: str
    target: int | None = None

    @property
    def display(self) -> str:
        if self.status == SHOWN:
            return str(self.count)
        if self.status == SMALL:
            return f"< {settings.SMALL_GROUP_THRESHOLD}"
        if self.status == PROTECTED:
            return _("%(n)s of meer") % {"n": settings.SMALL_GROUP_THRESHOLD}
        return _("verborgen")

    @property
    def target_reached(self) -> bool:
        return bool(
            self.target and self.count is not None and self.count >= self.target
        )


@dataclass(frozen=True)
class Breakdown:
    rows: tuple[CountRow, ...]
    withheld: bool

    @property
    def has_hidden(self) -> bool:
        return any(row.status != SHOWN for row in self.rows)


@dataclass(frozen=True)
class ResponseOverview:
    total: int
    by_role: Breakdown
    by_municipality: Breakdown

    @property
    def digest(self) -> str:
        """A fingerprint of what the page shows (never of the hidden counts)."""
        shown = [str(self.total)]
        for breakdown in (self.by_role, self.by_municipality):
            shown.extend(f"{row.key}={row.display}" for row in breakdown.rows)
        return hashlib.sha256("|".join(shown).encode()).hexdigest()[:16]


def _breakdown(
    entries: Sequence[tuple[str, str, int, int | None]], *, threshold: int
) -> Breakdown:
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


def _target(targets, role: str) -> int | None:
    try:
        value = int((targets or {}).get(role) or 0)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def response_overview(
    *, trajectory: Trajectory, threshold: int | None = None
) -> ResponseOverview:
    """Responses per role (against the targets) and per municipality.

    A fixed number of queries however many responses there are: the
    questionnaire, one GROUP BY per breakdown and the trajectory's
    municipalities (none if prefetched). Small counts are hidden as described
    in ``suppress_small_counts``; the total is always exact.
    """
    threshold = threshold or settings.SMALL_GROUP_THRESHOLD
    questionnaire = Questionnaire.objects.filter(trajectory=trajectory).first()
    role_counts: dict[str, int] = {}
    place_counts: dict[int | None, tuple[str, int]] = {}
    if questionnaire is not None:
        role_counts = respondents_by_role(questionnaire_ids=[questionnaire.pk])
        role_counts.pop(ALL)
        place_counts = {
            row["municipality_id"]: (row["municipality__name"] or "", row["count"])
            for row in response_counts_by_municipality(questionnaire=questionnaire)
        }
    role_entries = [
        (
            role.value,
            str(role.label),
            role_counts.get(role.value, 0),
            _target(trajectory.targets, role.value),
        )
        for role in ParticipantRole
    ]
    municipalities = sorted(trajectory.municipalities.all(), key=lambda m: m.name)
    place_entries = [
        (str(m.pk), m.name, place_counts.pop(m.pk, ("", 0))[1], None)
        for m in municipalities
    ]
    unknown = place_counts.pop(None, ("", 0))[1]
    # Responses from a municipality the trajectory no longer lists still count.
    place_entries += [
        (str(pk), name, count, None)
        for pk, (name, count) in sorted(place_counts.items(), key=lambda i: i[1][0])
    ]
    place_entries.append(("none", _("Zegt liever niet"), unknown, None))
    return ResponseOverview(
        total=sum(role_counts.values()),
        by_role=_breakdown(role_entries, threshold=threshold),
        by_municipality=_breakdown(place_entries, threshold=threshold),
    )
