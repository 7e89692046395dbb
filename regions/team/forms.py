"""The form for inviting someone to the team."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Region
from .services import REGIONAL_ROLES
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
        if role in REGIONAL_ROLES and not cleaned.get("regions"):
            self.add_error("regions", _("Kies minstens één regio voor deze rol."))
        return cleaned


class TrajectoryInviteForm(forms.Form):
    """A coordinator puts a new facilitator or beleidsmaker on the team."""

    ROLE_CHOICES = [
        (
            InvitationRole.FACILITATOR,
            _("Gespreksleider: leidt de bijeenkomsten van dit traject"),
        ),
        (
            InvitationRole.BELEIDSMAKER,
            _("Beleidsmaker: leest de resultaten en het actieplan van de regio"),
        ),
    ]

    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    name = forms.CharField(label=_("Naam"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rol"), choices=ROLE_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Toevoegen en uitnodigen")))
