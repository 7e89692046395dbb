"""Pages for regions and trajectories."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django.views.generic import ListView

from goedgesprek.mixins import PermissionRequiredMixin

from .models import Region
from .models import Trajectory
from .sections import sections_for
from .selectors import region_list
from .selectors import trajectory_list_visible_to


class RegionListView(LoginRequiredMixin, ListView):
    template_name = "regions/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return region_list(query=self.request.GET.get("q", "")[:100])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")[:100]
        return context


class RegionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "regions.view_region"
    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset=None):
        return get_object_or_404(Region, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipalities"] = self.object.municipalities.order_by("name")
        context["trajectories"] = trajectory_list_visible_to(
            user=self.request.user, region=self.object
        )
        return context


class TrajectoryDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "regions.view_trajectory"
    template_name = "regions/trajectory_detail.html"
    context_object_name = "trajectory"

    def get_queryset(self):
        return Trajectory.objects.select_related("region").prefetch_related(
            "municipalities", "facilitators", "policy_makers"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = sections_for(self.request, self.object)
        return context
