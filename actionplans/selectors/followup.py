"""Follow-up: progress per status, overdue actions, an owner's actions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Action
from ..models import ActionPlan
from ..models import ProgressNote


@dataclass
class ProgressOverview:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    overdue: list[Action]
    timeline: list[ProgressNote]
    total: int

    @property
    def done(self) -> int:
        return sum(n for s, _l, n in self.by_status if s == Action.Status.DONE)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_overview(
    *, plan: ActionPlan, today: date | None = None
) -> ProgressOverview:
    """Actions per status, the overdue ones, and the latest updates (3 queries)."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.filter(plan_topic__plan=plan)
        .select_related("plan_topic__topic")
        .order_by("deadline", "pk")
    )
    counts = Counter(a.status for a in actions)
    by_status = [
        (value, str(label), counts.get(value, 0))
        for value, label in Action.Status.choices
    ]
    timeline = list(
        ProgressNote.objects.filter(action__plan_topic__plan=plan)
        .select_related("action__plan_topic__topic")
        .order_by("-noted_on", "-pk")[:50]
    )
    return ProgressOverview(
        by_status=by_status,
        overdue=[a for a in actions if a.is_overdue(today)],
        timeline=timeline,
        total=len(actions),
    )


def overdue_actions(*, today: date | None = None) -> QuerySet[Action]:
    """Open actions past their deadline in published plans, with an owner e-mail."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            deadline__lt=today,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            plan_topic__plan__status=ActionPlan.Status.PUBLISHED,
        )
        .exclude(owner_email="")
        .select_related("plan_topic__topic", "plan_topic__plan__trajectory")
    )


def owner_actions(*, plan: ActionPlan, email: str) -> list[Action]:
    """The actions of one owner (by e-mail) in one plan, with their notes."""
    return list(
        Action.objects.filter(plan_topic__plan=plan, owner_email__iexact=email)
        .select_related("plan_topic__topic")
        .prefetch_related(
            Prefetch(
                "notes", queryset=ProgressNote.objects.order_by("-noted_on", "-pk")
            )
        )
        .order_by("deadline", "pk")
    )
