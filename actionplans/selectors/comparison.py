"""One plan's progress beside the average of the other plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db.models import Count
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Action
from ..models import ActionPlan
from .followup import ProgressOverview

# Fewer other plans than this and the average would give a region's own
# figures away (one other plan: exactly; two: to whoever knows one of them).
MIN_OTHER_PLANS = 3

COMPARED_STATUSES = (
    Action.Status.DONE,
    Action.Status.IN_PROGRESS,
    Action.Status.PLANNED,
    Action.Status.DROPPED,
)


@dataclass
class ComparisonRow:
    label: str
    own: int  # percent of this plan's actions
    national: int  # the other plans' average percent


@dataclass
class NationalComparison:
    other_plans: int
    rows: list[ComparisonRow]
    own_actions: int
    national_actions: int  # the other plans' average number of actions

    @property
    def shown(self) -> bool:
        return self.other_plans >= MIN_OTHER_PLANS


def _percent(part: int, total: int) -> int:
    return round(100 * part / total) if total else 0


def national_comparison(
    *, plan: ActionPlan, overview: ProgressOverview, today: date | None = None
) -> NationalComparison:
    """This plan's progress beside the average of the other published plans.

    One query, whatever the number of plans. Each plan counts once (an
    average of shares, not of all actions together), and no other region
    is named: only the number of plans and their averages leave here.
    """
    today = today or timezone.localdate()
    open_statuses = [Action.Status.PLANNED, Action.Status.IN_PROGRESS]
    # Plain dicts: the keys per status are made below, not known to mypy.
    per_plan = cast(
        "list[dict[str, int]]",
        list(
            Action.objects.filter(plan_topic__plan__status=ActionPlan.Status.PUBLISHED)
            .exclude(plan_topic__plan=plan)
            .values("plan_topic__plan_id")
            .annotate(
                total=Count("pk"),
                overdue=Count(
                    "pk", filter=Q(deadline__lt=today, status__in=open_statuses)
                ),
                **{
                    f"n_{status}": Count("pk", filter=Q(status=status))
                    for status in COMPARED_STATUSES
                },
            )
            .order_by()
        ),
    )
    plans = len(per_plan)

    def average(key: str) -> int:
        if not plans:
            return 0
        return round(sum(100 * row[key] / row["total"] for row in per_plan) / plans)

    counts = {status: n for status, _label, n in overview.by_status}
    labels = dict(Action.Status.choices)
    rows = [
        ComparisonRow(
            str(labels[status]),
            _percent(counts.get(status, 0), overview.total),
            average(f"n_{status}"),
        )
        for status in COMPARED_STATUSES
    ]
    rows.append(
        ComparisonRow(
            _("Over de deadline"),
            _percent(len(overview.overdue), overview.total),
            average("overdue"),
        )
    )
    national_actions = (
        round(sum(row["total"] for row in per_plan) / plans) if plans else 0
    )
    return NationalComparison(
        other_plans=plans,
        rows=rows,
        own_actions=overview.total,
        national_actions=national_actions,
    )
