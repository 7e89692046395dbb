"""Forms for meetings, invitees and the invitee's answer; they validate, never save."""

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import ParticipantRole

from .models import Invitee
from .models import Meeting

NO_ROLE = [("", gettext_lazy("Rol niet ingevuld"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _clean_text(value: str) -> str:
    return value.replace("\x00", "").strip()


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class MeetingCreateForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Naam van de bijeenkomst"), max_length=150
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort bijeenkomst"),
        choices=Meeting.Kind.choices,
        initial=Meeting.Kind.ANDERS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Bijeenkomst toevoegen"))

    def clean_title(self):
        title = _clean_text(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Vul een naam in."))
        return title


class MeetingForm(forms.Form):
    """A meeting's details; date and times become aware datetimes."""

    title = forms.CharField(
        label=gettext_lazy("Naam van de bijeenkomst"), max_length=150
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort bijeenkomst"), choices=Meeting.Kind.choices
    )
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("Leeg laten als de datum nog niet bekend is."),
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Begintijd"), required=False, widget=TimeInput
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Eindtijd"), required=False, widget=TimeInput
    )
    location = forms.CharField(
        label=gettext_lazy("Plaats"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld: naam van het gebouw, straat en plaats."),
    )
    online_url = forms.URLField(
        label=gettext_lazy("Link voor online deelnemen"),
        required=False,
        assume_scheme="https",
    )
    facilitators: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gespreksleiders"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, trajectory, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            starts = (
                timezone.localtime(meeting.starts_at) if meeting.starts_at else None
            )
            ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
            kwargs["initial"] = {
                "title": meeting.title,
                "kind": meeting.kind,
                "date": starts.date() if starts else None,
                "start_time": starts.time() if starts else None,
                "end_time": ends.time() if ends else None,
                "location": meeting.location,
                "online_url": meeting.online_url,
                "facilitators": list(meeting.facilitators.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = trajectory.facilitators.order_by(  # type: ignore[attr-defined]
            "name"
        )
        # The template holds the <form>, the agenda formset and the buttons.
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_title(self):
        title = _clean_text(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Vul een naam in."))
        return title

    def clean_location(self):
        return _clean_text(self.cleaned_data["location"])

    def clean(self):
        data = super().clean()
        date = data.get("date")
        start = data.get("start_time")
        end = data.get("end_time")
        data["starts_at"] = data["ends_at"] = None
        if self.errors:
            return data
        if date and not start:
            self.add_error("start_time", _("Vul ook de begintijd in."))
        elif start and not date:
            self.add_error("date", _("Vul ook de datum in."))
        elif end and not date:
            self.add_error("date", _("Vul ook de datum in."))
        elif date and start:
            zone = timezone.get_current_timezone()
            data["starts_at"] = dt.datetime.combine(date, start, tzinfo=zone)
            if end:
                if end <= start:
                    self.add_error(
                        "end_time", _("De eindtijd moet na de begintijd liggen.")
                    )
                else:
                    data["ends_at"] = dt.datetime.combine(date, end, tzinfo=zone)
        return data


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Aantekeningen"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Wat er besproken en afgesproken is. Alleen het team van het traject "
            "ziet dit."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Aantekeningen opslaan"))


class InviteeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Rol"),
        choices=NO_ROLE + list(ParticipantRole.choices),
        required=False,
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisatie"), max_length=150, required=False
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Genodigde toevoegen"))

    def clean_name(self):
        return _clean_text(self.cleaned_data["name"])

    def clean_organisation(self):
        return _clean_text(self.cleaned_data["organisation"])


class PasteForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("E-mailadressen"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        # Django does not escape help texts: the brackets are written as HTML.
        help_text=gettext_lazy(
            "Plak een lijst met e-mailadressen: één per regel, of gescheiden door "
            "komma's of puntkomma's. Een naam mag erbij, zoals: Anna de Vries "
            "&lt;anna@voorbeeld.nl&gt;"
        ),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rol van deze mensen"),
        choices=NO_ROLE + list(ParticipantRole.choices),
        required=False,
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisatie"), max_length=150, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Adressen toevoegen"))


class RsvpForm(forms.Form):
    """The invitee's answer; the labels speak to adults (u) or children (je)."""

    response = forms.ChoiceField(
        label=gettext_lazy("Komt u?"),
        choices=[
            (Invitee.Response.YES, gettext_lazy("Ja, ik kom")),
            (Invitee.Response.MAYBE, gettext_lazy("Misschien")),
            (Invitee.Response.NO, gettext_lazy("Nee, ik kom niet")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies ja, misschien of nee."),
            "invalid_choice": gettext_lazy("Kies ja, misschien of nee."),
        },
    )
    needs_childcare = forms.BooleanField(
        label=gettext_lazy("Kinderopvang"), required=False
    )
    needs_travel_costs = forms.BooleanField(
        label=gettext_lazy("Vergoeding van reiskosten"), required=False
    )
    needs_accessibility = forms.BooleanField(
        label=gettext_lazy("Een toegankelijke plek (bijvoorbeeld voor een rolstoel)"),
        required=False,
    )
    needs_other = forms.CharField(
        label=gettext_lazy("Wat heeft u nog meer nodig om mee te doen?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy(
                "Schrijf hoogstens %(limit_value)d tekens. U schreef er %(show_value)d."
            )
        },
    )

    def __init__(self, *args, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if child:
            self.fields["response"].label = _("Kom je?")
            self.fields["needs_other"].label = _("Wat heb je nog meer nodig?")
            self.fields["needs_other"].error_messages["max_length"] = _(
                "Schrijf hoogstens %(limit_value)d tekens. Jij schreef er %(show_value)d."
            )
            self.fields["needs_accessibility"].label = _(
                "Een plek waar je goed kunt komen (bijvoorbeeld met een rolstoel)"
            )
            self.fields["response"].error_messages["required"] = _(
                "Kies ja, misschien of nee."
            )

    def clean_needs_other(self):
        return _clean_text(self.cleaned_data["needs_other"])
