"""What every page of one trajectory's plan shares."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from regions.mixins import TrajectoryPermissionMixin

from ..models import ActionPlan
from ..models import PlanVersion
from ..selectors.plan import plan_of


class PlanMixin(TrajectoryPermissionMixin):
    """A page of the trajectory's plan; 404 while there is no plan."""

    @property
    def plan(self) -> ActionPlan:
        if not hasattr(self, "_plan"):
            plan = plan_of(trajectory=self.trajectory)
            if plan is None:
                raise Http404
            self._plan = plan
        return self._plan

    def plan_url(self) -> str:
        return reverse("actionplans:plan", kwargs={"pk": self.trajectory.pk})


class VersionMixin(PlanMixin):
    def version(self) -> PlanVersion:
        return get_object_or_404(
            PlanVersion, plan=self.plan, number=self.kwargs["number"]
        )
