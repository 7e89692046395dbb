"""Forms for inviting staff and accepting an invitation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .services import InvitationRole


class InvitationForm(forms.Form):
    ROLE_CHOICES = [
        (
            InvitationRole.COORDINATOR,
            _("Regiocoördinator: zet trajecten op in de regio"),
        ),
        (
            InvitationRole.FACILITATOR,
            _("Gespreksleider: begeleidt de trajecten die u toewijst"),
        ),
        (
            InvitationRole.BELEIDSMAKER,
            _("Beleidsmaker: leest en downloadt de resultaten van de regio"),
        ),
        (InvitationRole.NVP_STAFF, _("Medewerker NVP: werkt in alle regio's")),
    ]

    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    name = forms.CharField(label=_("Naam"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rol"), choices=ROLE_CHOICES, widget=forms.RadioSelect
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regio's"),
        queryset=Region.objects.order_by("name"),
        required=False,
        help_text=_("Nodig voor een regiocoördinator en een beleidsmaker."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Uitnodiging versturen")))

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in (
            InvitationRole.COORDINATOR,
            InvitationRole.BELEIDSMAKER,
        ) and not cleaned.get("regions"):
            self.add_error("regions", _("Kies minstens één regio voor deze rol."))
        return cleaned


class AcceptInvitationForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kies een wachtwoord")
        self.fields["new_password2"].label = _("Typ het wachtwoord nog een keer")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Wachtwoord opslaan en inloggen")))
