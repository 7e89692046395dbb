"""The national overview: every region's latest trajectory and plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from regions.models import Region
from regions.models import Trajectory

from ..models import Action
from ..models import ActionPlan
from ..models import PlanTopic


def theme_titles() -> dict[str, str]:
    """Survey theme key -> title in the current language (standard themes)."""
    from surveys.structure import standard_questionnaire

    english = (get_language() or "nl").startswith("en")
    return {
        theme["key"]: theme["title"]["en" if english else "nl"]
        for theme in standard_questionnaire()["themes"]
    }


@dataclass
class RegionRow:
    region: Region
    trajectory: Trajectory | None
    responses: int
    topics: list[str]
    actions: int
    done: int
    overdue: int
    published: bool

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.actions) if self.actions else 0


@dataclass
class RecurringTheme:
    key: str
    title: str
    regions: int
    topics: list[str]


@dataclass
class NationalOverview:
    rows: list[RegionRow]
    recurring: list[RecurringTheme]

    @property
    def actions(self) -> int:
        return sum(r.actions for r in self.rows)

    @property
    def percent_done(self) -> int:
        done = sum(r.done for r in self.rows)
        return round(100 * done / self.actions) if self.actions else 0


def national_overview(*, today: date | None = None) -> NationalOverview:
    """Every region with its latest trajectory, in a fixed number of queries.

    Response counts are totals per trajectory (no breakdown), so no small
    group can be read from them; a total under the threshold is shown as
    such by the template through ``core.protection``.
    """
    from surveys.models import Response

    today = today or timezone.localdate()
    regions = list(Region.objects.order_by("code"))
    latest: dict[int, Trajectory] = {}
    for trajectory in Trajectory.objects.order_by("region_id", "-created_at", "-pk"):
        latest.setdefault(trajectory.region_id, trajectory)
    trajectory_ids = [t.pk for t in latest.values()]
    responses = dict(
        Response.objects.filter(questionnaire__trajectory_id__in=trajectory_ids)
        .values_list("questionnaire__trajectory_id")
        .annotate(n=Count("pk"))
        .values_list("questionnaire__trajectory_id", "n")
    )
    entries = (
        PlanTopic.objects.filter(plan__trajectory_id__in=trajectory_ids)
        .select_related("topic", "plan")
        .order_by("position", "pk")
    )
    topics: dict[int, list[str]] = {}
    by_theme: dict[str, list[tuple[int, str]]] = {}
    for entry in entries:
        topics.setdefault(entry.plan.trajectory_id, []).append(entry.topic.title)
        if entry.topic.theme_key:
            by_theme.setdefault(entry.topic.theme_key, []).append(
                (entry.plan.trajectory_id, entry.topic.title)
            )
    action_rows = Action.objects.filter(
        plan_topic__plan__trajectory_id__in=trajectory_ids
    ).values_list("plan_topic__plan__trajectory_id", "status", "deadline")
    stats: dict[int, Counter] = {}
    for trajectory_id, status, deadline in action_rows:
        counter = stats.setdefault(trajectory_id, Counter())
        counter["actions"] += 1
        counter["done"] += status == Action.Status.DONE
        counter["overdue"] += bool(
            deadline
            and deadline < today
            and status in (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
        )
    published = set(
        ActionPlan.objects.filter(
            trajectory_id__in=trajectory_ids, status=ActionPlan.Status.PUBLISHED
        ).values_list("trajectory_id", flat=True)
    )
    rows = []
    for region in regions:
        trajectory = latest.get(region.pk)  # type: ignore[assignment]
        tid = trajectory.pk if trajectory else None
        counter = stats.get(tid, Counter())  # type: ignore[arg-type]
        rows.append(
            RegionRow(
                region=region,
                trajectory=trajectory,
                responses=responses.get(tid, 0),  # type: ignore[arg-type]
                topics=topics.get(tid, []),  # type: ignore[arg-type]
                actions=counter["actions"],
                done=counter["done"],
                overdue=counter["overdue"],
                published=tid in published,
            )
        )
    titles = theme_titles()
    recurring = sorted(
        (
            RecurringTheme(
                key=key,
                title=titles.get(key, key),
                regions=len({tid for tid, _t in items}),
                topics=sorted({title for _tid, title in items}),
            )
            for key, items in by_theme.items()
        ),
        key=lambda r: (-r.regions, r.title),
    )
    return NationalOverview(rows=rows, recurring=recurring)
