"""Forms for inviting staff and accepting an invitation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _


class AcceptInvitationForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kies een wachtwoord")
        self.fields["new_password2"].label = _("Typ het wachtwoord nog een keer")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Wachtwoord opslaan en inloggen")))
