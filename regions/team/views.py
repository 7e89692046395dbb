"""The page where NVP staff invite someone to the team."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.mixins import PermissionRequiredMixin

from ..mixins import TrajectoryPermissionMixin
from .forms import InvitationForm
from .forms import TrajectoryInviteForm
from .services import team_member_invite
from .services import trajectory_team_invite


class InvitationCreateView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.invite_user"
    form_class = InvitationForm
    template_name = "regions/invitation_form.html"

    def form_valid(self, form):
        try:
            user, _token = team_member_invite(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                regions=list(form.cleaned_data["regions"]),
                invited_by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error("email", exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De uitnodiging is verstuurd naar %(email)s.") % {"email": user.email},
        )
        return redirect("regions:invitation_create")


class TrajectoryTeamInviteView(TrajectoryPermissionMixin, FormView):
    """The trajectory's coordinator (or NVP staff) invites a team member."""

    permission_required = "regions.assign_trajectory"
    form_class = TrajectoryInviteForm
    template_name = "regions/trajectory_team_invite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trajectory"] = self.trajectory
        return context

    def form_valid(self, form):
        try:
            user, invited = trajectory_team_invite(
                trajectory=self.trajectory,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                invited_by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error("email", exc)
            return self.form_invalid(form)
        if invited:
            message = _(
                "%(email)s staat in het team en krijgt een uitnodiging per e-mail."
            )
        else:
            message = _("%(email)s had al een account en staat nu in het team.")
        messages.success(self.request, message % {"email": user.email})
        return redirect("regions:trajectory_assign", pk=self.trajectory.pk)
