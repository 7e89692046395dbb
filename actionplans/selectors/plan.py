"""The plan, its topics and its versions as they stand."""

from __future__ import annotations

from django.db.models import Prefetch
from django.db.models import QuerySet

from regions.models import Trajectory
from sessions_app.models import Topic
from sessions_app.voting.selectors import chosen_topics

from ..models import Action
from ..models import ActionPlan
from ..models import PlanTopic
from ..models import PlanVersion
from ..models import ProgressNote


def plan_chosen_topics(*, trajectory: Trajectory) -> list[Topic]:
    """The topics the vote chose, for starting or extending the plan."""
    return chosen_topics(trajectory=trajectory)


def plan_of(*, trajectory: Trajectory) -> ActionPlan | None:
    return ActionPlan.objects.filter(trajectory=trajectory).first()


def plan_topics(*, plan: ActionPlan) -> list[PlanTopic]:
    """Topics with their actions and progress notes, in three queries."""
    return list(
        PlanTopic.objects.filter(plan=plan)
        .select_related("topic")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("deadline", "pk").prefetch_related(
                    Prefetch(
                        "notes",
                        queryset=ProgressNote.objects.order_by("-noted_on", "-pk"),
                    )
                ),
            )
        )
        .order_by("position", "pk")
    )


def plan_versions(*, plan: ActionPlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("published_by").defer("snapshot")


def latest_version(*, plan: ActionPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()
