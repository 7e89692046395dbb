"""Forms of the longlist, the rounds and the voter's pages; they never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..meetings.models import Meeting
from .models import CODE_ALPHABET
from .models import CODE_LENGTH
from .models import ROLE_UNSAID
from .models import Topic
from .models import voter_role_choices

COUNT_ATTRS = {"min": 0, "max": 20, "inputmode": "numeric"}


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}


class TopicRenameForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title"]


class TopicMergeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Voeg dit onderwerp"), queryset=Topic.objects.none()
    )
    target = forms.ModelChoiceField(
        label=_("samen met dit onderwerp"), queryset=Topic.objects.none()
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.filter(
            trajectory=trajectory,
            status__in=[Topic.Status.ACCEPTED, Topic.Status.PENDING],
        )
        self.fields["source"].queryset = topics
        self.fields["target"].queryset = topics

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("Kies twee verschillende onderwerpen."))
        return data


class RoundSettingsForm(forms.Form):
    votes_per_voter = forms.IntegerField(
        label=_("Stemmen per persoon"), min_value=1, max_value=20, initial=3
    )
    max_per_topic = forms.IntegerField(
        label=_("Hoogstens stemmen op één onderwerp"),
        min_value=1,
        max_value=20,
        initial=3,
    )
    show_bars = forms.BooleanField(
        label=_("Laat de stand zien terwijl er gestemd wordt"),
        required=False,
        initial=True,
    )
    suggestions_open = forms.BooleanField(
        label=_("Deelnemers mogen onderwerpen voorstellen"), required=False
    )

    def clean(self):
        data = super().clean()
        per_voter, per_topic = data.get("votes_per_voter"), data.get("max_per_topic")
        if per_voter and per_topic and per_topic > per_voter:
            self.add_error(
                "max_per_topic",
                _("Dit kan niet meer zijn dan het aantal stemmen per persoon."),
            )
        return data


class RoundOpenForm(RoundSettingsForm):
    """A new round's settings and the meeting where it is held."""

    meeting = forms.ModelChoiceField(
        label=_("Bijeenkomst"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Geen bijeenkomst"),
        help_text=_("De presentatie van deze bijeenkomst laat de stemronde zien."),
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(trajectory=trajectory).order_by(
            "position", "pk"
        )
        self.fields["meeting"].queryset = meetings
        # The vote is usually at the topic-choice meeting: offer it first.
        chosen = next(
            (m for m in meetings if m.kind == Meeting.Kind.ONDERWERPKEUZE), None
        )
        if chosen is not None and not self.is_bound:
            self.fields["meeting"].initial = chosen.pk


class SecondRoundForm(forms.Form):
    top = forms.IntegerField(
        label=_("Hoeveel onderwerpen van bovenaan gaan door?"),
        min_value=2,
        max_value=40,
        initial=5,
    )


class ConfirmForm(forms.Form):
    topics = forms.TypedMultipleChoiceField(
        label=_("Gekozen onderwerpen"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [
            (row.topic.pk, f"{row.topic.title} ({row.votes})") for row in rows
        ]


class PaperBallotForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rol op het briefje"), choices=voter_role_choices, required=False
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic_fields = []
        for topic in topics:
            name = f"topic_{topic.pk}"
            self.fields[name] = forms.IntegerField(
                label=topic.title,
                min_value=0,
                max_value=20,
                required=False,
                widget=forms.NumberInput(attrs=COUNT_ATTRS),
            )
            self.topic_fields.append((topic.pk, name))

    def votes(self) -> dict[int, int]:
        return {pk: self.cleaned_data.get(name) or 0 for pk, name in self.topic_fields}


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code van het scherm"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(
                _(
                    "Een code heeft 6 letters en cijfers, zoals K7QP3M. Kijk nog eens op het scherm."
                )
            )
        return code


class VoterRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Vanuit welke rol stemt u?"),
        choices=voter_role_choices,
        required=False,
        initial=ROLE_UNSAID,
        widget=forms.RadioSelect,
    )


class SuggestForm(forms.Form):
    title = forms.CharField(
        label=_("Uw onderwerp"), min_length=3, max_length=150, strip=True
    )
