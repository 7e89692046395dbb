"""Forms of the action plan; they validate and never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action
from .models import PlanTopic
from .models import ProgressNote


class GoalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = PlanTopic
        fields = ["goal"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"goal": _("Wat is er anders als dit onderwerp goed geregeld is?")}


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Action
        fields = [
            "how",
            "owner_organisation",
            "owner_contact",
            "owner_email",
            "other_parties",
            "deadline",
            "resources",
            "success_measure",
            "status",
        ]
        widgets = {
            "how": forms.Textarea(attrs={"rows": 3}),
            "other_parties": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "success_measure": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ProgressNoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"status": _("Nieuwe status (niet verplicht)")}


class OwnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van de actie-eigenaar"))
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)


class VersionCompareForm(forms.Form):
    van = forms.IntegerField(label=_("Van versie"), min_value=1, max_value=10_000)
    naar = forms.IntegerField(label=_("Naar versie"), min_value=1, max_value=10_000)
