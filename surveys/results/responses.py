"""The response counts of the coordinator's dashboard, protected.

Counts of small groups are never shown: every breakdown goes through
``protection.breakdown`` (``suppress_small_counts`` describes the rule).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.protection import threshold as small_group_threshold
from regions.models import ParticipantRole
from regions.models import Trajectory

from ..models import Questionnaire
from ..models import Response
from .figures import ALL
from .protection import Breakdown
from .protection import breakdown
from .protection import is_live
from .protection import live_count
from .queries import respondents_by_role


def response_counts_by_municipality(
    *, questionnaire: Questionnaire
) -> QuerySet[Any, Any]:
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
    """Number of responses of the trajectory's survey as published (one query).

    While the survey is open, in whole steps (``protection.live_count``).
    """
    count = Response.objects.filter(questionnaire__trajectory=trajectory).count()
    return live_count(count, live=is_live(trajectory))


@dataclass(frozen=True)
class ResponseOverview:
    total: int
    by_role: Breakdown
    by_municipality: Breakdown
    live: bool = False  # the survey is open: counts in whole steps of 5

    @property
    def digest(self) -> str:
        """A fingerprint of what the page shows (never of the hidden counts)."""
        shown = [str(self.total)]
        for part in (self.by_role, self.by_municipality):
            shown.extend(f"{row.key}={row.display}" for row in part.rows)
        return hashlib.sha256("|".join(shown).encode()).hexdigest()[:16]


def _target(targets: Mapping[str, object] | None, role: str) -> int | None:
    try:
        value = int((targets or {}).get(role) or 0)  # type: ignore[call-overload]
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
    in ``suppress_small_counts``. While the survey is open every count moves
    in whole steps (``protection.live_count``), the total too; it is exact
    once the survey is closed.
    """
    threshold = threshold or small_group_threshold()
    live = is_live(trajectory)
    questionnaire = Questionnaire.objects.filter(trajectory=trajectory).first()
    role_counts: dict[str, int] = {}
    place_counts: dict[int | None, tuple[str, int]] = {}
    if questionnaire is not None:
        role_counts = respondents_by_role(
            questionnaire_ids=[questionnaire.pk], live=live
        )
        role_counts.pop(ALL)
        place_counts = {
            row["municipality_id"]: (
                row["municipality__name"] or "",
                live_count(row["count"], live=live),
            )
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
        by_role=breakdown(role_entries, threshold=threshold),
        by_municipality=breakdown(place_entries, threshold=threshold),
        live=live,
    )
