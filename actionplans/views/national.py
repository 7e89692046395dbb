"""The national overview of every region."""

from __future__ import annotations

from django.views.generic import TemplateView

from core.mixins import PermissionRequiredMixin

from ..selectors.national import national_overview


class NationalOverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = "actionplans.view_national_overview"
    template_name = "actionplans/national.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = national_overview()
        return context
