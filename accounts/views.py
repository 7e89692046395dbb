"""Inviting staff and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from .forms import AcceptInvitationForm
from .services import invitation_accept
from .services import invitation_get_by_token


class InvitationAcceptView(View):
    template_name = "accounts/invitation_accept.html"

    def _invitation_or_error(self, token):
        """Return ``(invitation, None, 200)`` or ``(None, message, status)``."""
        invitation = invitation_get_by_token(token=token)
        if invitation is None:
            return (
                None,
                _(
                    "Deze uitnodigingslink klopt niet. Controleer of u de hele link "
                    "uit de e-mail heeft gebruikt."
                ),
                404,
            )
        if invitation.accepted_at is not None:
            return (
                None,
                _(
                    "Deze uitnodiging is al gebruikt. U kunt inloggen met uw "
                    "e-mailadres en wachtwoord."
                ),
                410,
            )
        if invitation.is_expired:
            return (
                None,
                _(
                    "Deze uitnodiging is verlopen. Vraag de persoon die u uitnodigde "
                    "om een nieuwe uitnodiging."
                ),
                410,
            )
        return invitation, None, 200

    def get(self, request, token):
        invitation, error, status = self._invitation_or_error(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=status)
        form = AcceptInvitationForm(invitation.user)
        return render(
            request, self.template_name, {"form": form, "invitation": invitation}
        )

    def post(self, request, token):
        invitation, error, status = self._invitation_or_error(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=status)
        form = AcceptInvitationForm(invitation.user, request.POST)
        if not form.is_valid():
            return render(
                request, self.template_name, {"form": form, "invitation": invitation}
            )
        try:
            user = invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            return render(
                request,
                self.template_name,
                {"error": " ".join(exc.messages)},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welkom! Uw wachtwoord is opgeslagen."))
        return redirect("dashboard")
