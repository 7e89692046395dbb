"""The published versions: the list, one version, and the difference between two."""

from __future__ import annotations

from django.views.generic import TemplateView

from ..forms import VersionCompareForm
from ..models import Action
from ..models import PlanVersion
from ..selectors.plan import plan_versions
from ..selectors.snapshots import snapshot_diff
from .mixins import PlanMixin
from .mixins import VersionMixin


class VersionListView(PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            versions=list(plan_versions(plan=self.plan)),
            compare_form=VersionCompareForm(),
        )
        return context


class VersionDetailView(VersionMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.version()
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            version=version,
            snapshot=version.snapshot,
            status_labels=dict(Action.Status.choices),
        )
        return context


class VersionDiffView(PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(trajectory=self.trajectory, plan=self.plan)
        form = VersionCompareForm(self.request.GET or None)
        context["form"] = form
        if not form.is_valid():
            return context
        numbers = {form.cleaned_data["van"], form.cleaned_data["naar"]}
        found = {
            v.number: v
            for v in PlanVersion.objects.filter(plan=self.plan, number__in=numbers)
        }
        if len(found) != len(numbers):
            context["not_found"] = True
            return context
        old = found[form.cleaned_data["van"]]
        new = found[form.cleaned_data["naar"]]
        context.update(
            old=old, new=new, changes=snapshot_diff(old.snapshot, new.snapshot)
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context.get("not_found") or (
            context["form"].is_bound and not context["form"].is_valid()
        ):
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)
