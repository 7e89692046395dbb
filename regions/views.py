"""Pages for regions and trajectories."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from django.views.generic import FormView
from django.views.generic import ListView

from core.mixins import PermissionRequiredMixin

from .forms import TARGET_LABELS
from .forms import RegionChoiceForm
from .forms import TrajectoryForm
from .forms import TrajectoryTeamForm
from .mixins import TrajectoryPermissionMixin
from .models import ParticipantRole
from .models import Region
from .models import Trajectory
from .retention import retention_state
from .sections import sections_for
from .selectors import audit_entries_for
from .selectors import region_list
from .selectors import regions_managed_by
from .selectors import trajectory_list_visible_to
from .services import PHASE_ORDER
from .services import phase_after
from .services import phase_before
from .services import trajectory_assign_members
from .services import trajectory_create
from .services import trajectory_move_phase
from .services import trajectory_update

REGION_CODE = re.compile(r"JZ[0-9]{2}")


def _search_query(request) -> str:
    """Return the search term, without NUL characters PostgreSQL refuses."""
    return request.GET.get("q", "").replace("\x00", "")[:100].strip()


class RegionListView(LoginRequiredMixin, ListView):
    template_name = "regions/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return region_list(query=_search_query(self.request))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = _search_query(self.request)
        return context


class RegionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "regions.view_region"
    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset=None):
        code = self.kwargs["code"].upper()
        # Anything that is not shaped like a code cannot exist; answering 404
        # before the query also keeps bytes PostgreSQL refuses (NUL) away.
        if not REGION_CODE.fullmatch(code):
            raise Http404
        return get_object_or_404(Region, code=code)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipalities"] = self.object.municipalities.order_by("name")
        context["trajectories"] = trajectory_list_visible_to(
            user=self.request.user, region=self.object
        )
        return context


class TrajectoryDetailView(TrajectoryPermissionMixin, DetailView):
    permission_required = "regions.view_trajectory"
    template_name = "regions/trajectory_detail.html"
    context_object_name = "trajectory"

    def get_permission_queryset(self):
        return Trajectory.objects.select_related("region").prefetch_related(
            "municipalities", "facilitators", "policy_makers"
        )

    def get_object(self, queryset=None):
        return self.get_permission_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_phase_context(self.object))
        context["retention"] = retention_state(self.object)
        context["retention_months"] = settings.RETENTION_MONTHS
        context["targets"] = [
            (TARGET_LABELS[role], self.object.targets.get(role))
            for role in ParticipantRole.values
            if role in (self.object.targets or {})
        ]
        context["sections"] = sections_for(self.request, self.object)
        return context


# Setting up a trajectory ----------------------------------------------------

# What the current phase means and what comes next, in one B1 sentence. A
# (phase, format) key overrides the phase alone.
PHASE_EXPLANATIONS = {
    Trajectory.Phase.VOORBEREIDING: gettext_lazy(
        "U zet het traject klaar: de gemeenten, de periode van de vragenlijst en "
        "het team, en daarna gaat de vragenlijst open."
    ),
    Trajectory.Phase.VRAGENLIJST_OPEN: gettext_lazy(
        "Mensen uit de regio vullen nu de vragenlijst in, en als de periode voorbij "
        "is, bespreekt u de uitkomsten in de bijeenkomsten."
    ),
    (Trajectory.Phase.VRAGENLIJST_OPEN, Trajectory.Format.DIALOOGTAFEL): (
        gettext_lazy(
            "Mensen uit de regio vullen nu de vragenlijst in (bij een dialoogtafel "
            "mag u deze fase snel doorzetten), en daarna volgt de bijeenkomst."
        )
    ),
    Trajectory.Phase.BIJEENKOMSTEN: gettext_lazy(
        "In de bijeenkomsten bespreekt u de uitkomsten en kiest u samen 3 tot 5 "
        "onderwerpen, en daarna schrijft u de acties op in het actieplan."
    ),
    (Trajectory.Phase.BIJEENKOMSTEN, Trajectory.Format.DIALOOGTAFEL): gettext_lazy(
        "Aan de dialoogtafel bespreekt u de uitkomsten en kiest u samen de "
        "belangrijkste onderwerpen, en daarna schrijft u de acties op in het "
        "actieplan."
    ),
    Trajectory.Phase.ACTIEPLAN: gettext_lazy(
        "U schrijft per onderwerp op wat u wilt bereiken, hoe, en wie daarvoor nodig "
        "is, en als het plan klaar en gedeeld is, rondt u het traject af."
    ),
    Trajectory.Phase.AFGEROND: gettext_lazy(
        "Het traject is klaar en het actieplan is gedeeld; u kunt de voortgang van "
        "de acties blijven volgen."
    ),
}


def _phase_context(trajectory: Trajectory) -> dict:
    """Return the phase stepper, its explanation and the neighbouring phases."""
    current = trajectory.phase
    index = PHASE_ORDER.index(current) if current in PHASE_ORDER else -1
    steps = [
        {
            "value": value,
            "label": Trajectory.Phase(value).label,
            "state": "done" if i < index else "current" if i == index else "todo",
        }
        for i, value in enumerate(PHASE_ORDER)
    ]
    following = phase_after(current)
    preceding = phase_before(current)
    return {
        "phase_steps": steps,
        "phase_explanation": PHASE_EXPLANATIONS.get(
            (current, trajectory.format), PHASE_EXPLANATIONS.get(current, "")
        ),
        "next_phase": Trajectory.Phase(following) if following else None,
        "previous_phase": Trajectory.Phase(preceding) if preceding else None,
    }


def _region_or_404(code: str) -> Region:
    code = code.upper()
    if not REGION_CODE.fullmatch(code):
        raise Http404
    return get_object_or_404(Region, code=code)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TrajectoryStartView(PermissionRequiredMixin, View):
    """Choose a region to start a trajectory in; with one region, go straight on."""

    permission_required = "regions.add_any_trajectory"
    template_name = "regions/trajectory_start.html"

    def get(self, request):
        regions = regions_managed_by(user=request.user)
        if "regio" in request.GET:
            form = RegionChoiceForm(request.GET, regions=regions)
            if form.is_valid():
                region = form.cleaned_data["regio"]
                return redirect("regions:trajectory_create", code=region.code)
        else:
            first_two = list(regions[:2])
            if len(first_two) == 1:
                return redirect("regions:trajectory_create", code=first_two[0].code)
            form = RegionChoiceForm(regions=regions)
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form})


class TrajectoryCreateView(PermissionRequiredMixin, FormView):
    permission_required = "regions.add_trajectory"
    form_class = TrajectoryForm
    template_name = "regions/trajectory_form.html"

    @cached_property
    def region(self) -> Region:
        return _region_or_404(self.kwargs["code"])

    def get_permission_object(self):
        return self.region

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.region
        context["cancel_url"] = self.region.get_absolute_url()
        return context

    def form_valid(self, form):
        try:
            trajectory = trajectory_create(
                region=self.region,
                created_by=self.request.user,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het traject “%(name)s” is aangemaakt.") % {"name": trajectory.name},
        )
        return redirect(trajectory)


class TrajectoryUpdateView(TrajectoryPermissionMixin, FormView):
    permission_required = "regions.change_trajectory"
    form_class = TrajectoryForm
    template_name = "regions/trajectory_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "region": self.trajectory.region,
            "trajectory": self.trajectory,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.trajectory.region
        context["trajectory"] = self.trajectory
        context["cancel_url"] = self.trajectory.get_absolute_url()
        return context

    def form_valid(self, form):
        try:
            trajectory_update(trajectory=self.trajectory, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De wijzigingen zijn opgeslagen."))
        return redirect(self.trajectory)


class TrajectoryAssignView(TrajectoryPermissionMixin, FormView):
    permission_required = "regions.assign_trajectory"
    form_class = TrajectoryTeamForm
    template_name = "regions/trajectory_assign.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "trajectory": self.trajectory,
            "everyone": self.request.user.is_staff,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trajectory"] = self.trajectory
        return context

    def form_valid(self, form):
        try:
            trajectory_assign_members(
                trajectory=self.trajectory,
                facilitators=form.cleaned_data["facilitators"],
                policy_makers=form.cleaned_data["policy_makers"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De teamleden zijn opgeslagen."))
        return redirect(self.trajectory)


class TrajectoryPhaseView(TrajectoryPermissionMixin, View):
    """Move the trajectory one phase on or back (POST ``phase``: the target)."""

    permission_required = "regions.change_trajectory"
    http_method_names = ["post"]

    def post(self, request, pk):
        to_phase = request.POST.get("phase", "")[:40]
        try:
            trajectory_move_phase(trajectory=self.trajectory, to_phase=to_phase)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Het traject staat nu in de fase “%(phase)s”.")
                % {"phase": self.trajectory.get_phase_display()},
            )
        return redirect(reverse("regions:trajectory_detail", kwargs={"pk": pk}))


class TrajectoryAuditView(TrajectoryPermissionMixin, ListView):
    """Who changed what and when in one trajectory; never survey answers."""

    permission_required = "regions.view_trajectory_audit"
    template_name = "regions/trajectory_audit.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return audit_entries_for(trajectory=self.trajectory)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trajectory"] = self.trajectory
        return context
