"""The page where NVP staff invite someone to the team."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.mixins import PermissionRequiredMixin

from .forms import InvitationForm
from .services import team_member_invite


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
