"""Forms for setting up a trajectory and its team; they validate, never save."""

import datetime as dt
import re
from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML
from crispy_forms.layout import Column
from crispy_forms.layout import Fieldset
from crispy_forms.layout import Layout
from crispy_forms.layout import Row
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ParticipantRole
from .models import Region
from .models import Trajectory
from .selectors import team_candidates
from .services import DEFAULT_TARGETS
from .services import TARGET_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# No region has more than a few dozen municipalities; a longer list is
# tampering and is refused before it reaches the database.
MAX_CHOICES = 500
REGION_CODE_SHAPE = re.compile(r"JZ[0-9]{2}")
PK_SHAPE = re.compile(r"[0-9]{1,19}")
PK_MAX = 2**63 - 1
DEFAULT_SURVEY_DAYS = 28

# Keyed by ParticipantRole, looked up with its plain values too.
TARGET_LABELS: dict[str, "StrPromise"] = {
    ParticipantRole.PLEEGOUDER: gettext_lazy("Pleegouders"),
    ParticipantRole.PLEEGKIND: gettext_lazy("Pleegkinderen en pleegjongeren"),
    ParticipantRole.EIGEN_KIND: gettext_lazy("Eigen kinderen van pleegouders"),
    ParticipantRole.OUDER: gettext_lazy("Ouders"),
    ParticipantRole.PROFESSIONAL: gettext_lazy("Professionals"),
    ParticipantRole.BELEIDSMAKER: gettext_lazy("Beleidsmakers"),
}
TARGET_HELP: dict[str, "StrPromise"] = {
    ParticipantRole.PLEEGOUDER: gettext_lazy(
        "Hoeveel pleegouders wilt u dat de vragenlijst invullen?"
    ),
    ParticipantRole.PLEEGKIND: gettext_lazy(
        "Hoeveel pleegkinderen en pleegjongeren wilt u dat de vragenlijst invullen?"
    ),
    ParticipantRole.EIGEN_KIND: gettext_lazy(
        "Hoeveel kinderen van pleegouders wilt u dat de vragenlijst invullen?"
    ),
    ParticipantRole.OUDER: gettext_lazy(
        "Hoeveel ouders van pleegkinderen wilt u dat de vragenlijst invullen?"
    ),
    ParticipantRole.PROFESSIONAL: gettext_lazy(
        "Hoeveel professionals wilt u dat de vragenlijst invullen? Bijvoorbeeld "
        "pleegzorgbegeleiders en jeugdbeschermers."
    ),
    ParticipantRole.BELEIDSMAKER: gettext_lazy(
        "Hoeveel beleidsmakers van gemeenten wilt u dat de vragenlijst invullen?"
    ),
}


def target_field_name(role: str) -> str:
    return f"target_{role}"


def default_trajectory_name(*, region: Region, today: dt.date) -> str:
    return _("Het goede gesprek %(region)s %(year)s") % {
        "region": region.name,
        "year": today.year,
    }


def _legend(text: str) -> str:
    """Give a fieldset a real heading, so screen readers can jump to it."""
    return format_html('<h2 class="h4 mb-0">{}</h2>', text)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses tampered lists before any query.

    Ids must be plain numbers within the database's range (SQLite raises
    OverflowError on larger ones) and the list must be of a sane length.
    """

    def clean(self, value):
        if isinstance(value, list | tuple):
            if len(value) > MAX_CHOICES:
                raise ValidationError(
                    self.error_messages["invalid_list"], code="invalid_list"
                )
            for item in value:
                text = str(item).strip()
                if not PK_SHAPE.fullmatch(text) or int(text) > PK_MAX:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": text[:20]},
                    )
        return super().clean(value)


class TeamMemberField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.name} ({obj.email})" if obj.name else obj.email
        if getattr(obj, "is_region_policy_maker", False):
            label = _("%(user)s · beleidsmaker in deze regio") % {"user": label}
        if not obj.is_active:
            label = _("%(user)s · account niet actief") % {"user": label}
        return label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TrajectoryForm(forms.Form):
    """Set up a trajectory on one page, prefilled with sensible defaults.

    Create: pass ``region``. Edit: pass ``trajectory`` as well; its values
    become the initial ones.
    """

    name = forms.CharField(
        label=gettext_lazy("Naam van het traject"),
        max_length=150,
        help_text=gettext_lazy(
            "Deze naam zien de deelnemers. U kunt de naam later nog veranderen."
        ),
        error_messages={"required": gettext_lazy("Geef het traject een naam.")},
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Vorm"),
        choices=Trajectory.Format.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Een traject heeft meerdere bijeenkomsten: kennismaken, onderwerpen "
            "kiezen en acties maken. Een dialoogtafel is één kleinere bijeenkomst."
        ),
        error_messages={
            "required": gettext_lazy("Kies een vorm."),
            "invalid_choice": gettext_lazy("Kies een vorm uit de lijst."),
        },
    )
    municipalities = BoundedModelMultipleChoiceField(
        label=gettext_lazy("Gemeenten die meedoen"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Alle gemeenten van de regio doen mee. Doet een gemeente niet mee? "
            "Haal dan het vinkje weg."
        ),
        error_messages={
            "required": gettext_lazy("Kies minstens één gemeente."),
            "invalid_choice": gettext_lazy(
                "Kies alleen gemeenten uit de lijst van deze regio."
            ),
            "invalid_pk_value": gettext_lazy(
                "Kies alleen gemeenten uit de lijst van deze regio."
            ),
            "invalid_list": gettext_lazy(
                "Kies alleen gemeenten uit de lijst van deze regio."
            ),
        },
    )
    survey_opens_on = forms.DateField(
        label=gettext_lazy("Vragenlijst open vanaf"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("Vanaf deze dag kunnen mensen de vragenlijst invullen."),
        error_messages={
            "invalid": gettext_lazy(
                "Dit is geen datum. Gebruik de kalender, of typ bijvoorbeeld 1-3-2026."
            )
        },
    )
    survey_closes_on = forms.DateField(
        label=gettext_lazy("Vragenlijst open tot en met"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy(
            "Tot en met deze dag kunnen mensen de vragenlijst invullen. Vier weken "
            "is meestal genoeg. Bij een dialoogtafel mag u de periode leeg laten."
        ),
        error_messages={
            "invalid": gettext_lazy(
                "Dit is geen datum. Gebruik de kalender, of typ bijvoorbeeld 1-3-2026."
            )
        },
    )

    def __init__(
        self, *args, region: Region, trajectory: Trajectory | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.region = region
        municipalities = region.municipalities.order_by("name")
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]
        for role in ParticipantRole.values:
            self.fields[target_field_name(role)] = forms.IntegerField(
                label=TARGET_LABELS[role],
                min_value=0,
                max_value=TARGET_MAX,
                help_text=TARGET_HELP[role],
                error_messages={
                    "required": _(
                        "Vul een aantal in. Doet deze groep niet mee? Vul dan 0 in."
                    ),
                    "invalid": _("Vul een heel getal in, bijvoorbeeld 10."),
                    "min_value": _("Vul 0 of meer in."),
                    "max_value": _("Vul een getal tot en met 10.000 in."),
                },
            )
        self._set_initial(region=region, trajectory=trajectory)
        self.helper = self._helper(editing=trajectory is not None)

    def _set_initial(self, *, region: Region, trajectory: Trajectory | None) -> None:
        if trajectory is None:
            today = timezone.localdate()
            initial = {
                "name": default_trajectory_name(region=region, today=today),
                "format": Trajectory.Format.TRAJECT,
                "municipalities": self.fields["municipalities"].queryset,  # type: ignore[attr-defined]
                "survey_opens_on": today,
                "survey_closes_on": today + dt.timedelta(days=DEFAULT_SURVEY_DAYS),
            }
            targets = DEFAULT_TARGETS
        else:
            initial = {
                "name": trajectory.name,
                "format": trajectory.format,
                "municipalities": trajectory.municipalities.all(),
                "survey_opens_on": trajectory.survey_opens_on,
                "survey_closes_on": trajectory.survey_closes_on,
            }
            targets = {**DEFAULT_TARGETS, **(trajectory.targets or {})}
        for role in ParticipantRole.values:
            initial[target_field_name(role)] = targets.get(role)
        # Explicit initial values passed by the caller win.
        self.initial = {**initial, **self.initial}

    def _helper(self, *, editing: bool) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = True
        helper.layout = Layout(
            Fieldset(_legend(_("1. Naam en vorm")), "name", "format", css_class="mb-4"),
            Fieldset(_legend(_("2. Gemeenten")), "municipalities", css_class="mb-4"),
            Fieldset(
                _legend(_("3. Vragenlijst: periode")),
                Row(
                    Column("survey_opens_on", css_class="col-sm-6"),
                    Column("survey_closes_on", css_class="col-sm-6"),
                ),
                css_class="mb-4",
            ),
            Fieldset(
                _legend(_("4. Streefaantallen")),
                HTML(
                    format_html(
                        '<p class="form-text">{}</p>',
                        _(
                            "Hoeveel mensen per groep wilt u bereiken met de "
                            "vragenlijst? U ziet later hoeveel mensen hem al hebben "
                            "ingevuld. Doet een groep niet mee? Vul dan 0 in."
                        ),
                    )
                ),
                Row(
                    *[
                        Column(target_field_name(role), css_class="col-sm-6 col-lg-4")
                        for role in ParticipantRole.values
                    ]
                ),
                css_class="mb-4",
            ),
        )
        helper.add_input(
            Submit(
                "submit",
                _("Wijzigingen opslaan") if editing else _("Traject aanmaken"),
            )
        )
        return helper

    def service_kwargs(self) -> dict:
        """Return the cleaned values as keyword arguments for the services."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "format": data["format"],
            "municipalities": list(data["municipalities"]),
            "survey_opens_on": data["survey_opens_on"],
            "survey_closes_on": data["survey_closes_on"],
            "targets": {
                role: data[target_field_name(role)] for role in ParticipantRole.values
            },
        }


class TrajectoryTeamForm(forms.Form):
    """Choose the facilitators and beleidsmakers of one trajectory."""

    facilitators = TeamMemberField(
        label=gettext_lazy("Gespreksleiders"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Een gespreksleider leidt de bijeenkomsten en schrijft het actieplan. "
            "Gespreksleiders kunnen dit traject bekijken."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Kies alleen mensen uit de lijst."),
            "invalid_pk_value": gettext_lazy("Kies alleen mensen uit de lijst."),
            "invalid_list": gettext_lazy("Kies alleen mensen uit de lijst."),
        },
    )
    policy_makers = TeamMemberField(
        label=gettext_lazy("Beleidsmakers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "De beleidsmakers van de regio staan bovenaan. Beleidsmakers kunnen dit "
            "traject en de uitkomsten bekijken."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Kies alleen mensen uit de lijst."),
            "invalid_pk_value": gettext_lazy("Kies alleen mensen uit de lijst."),
            "invalid_list": gettext_lazy("Kies alleen mensen uit de lijst."),
        },
    )

    def __init__(self, *args, trajectory: Trajectory, everyone: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = team_candidates(trajectory=trajectory, everyone=everyone)
        # django-stubs type form fields as Field, which has no queryset.
        self.fields["facilitators"].queryset = candidates.order_by(  # type: ignore[attr-defined]
            "name", "email"
        )
        self.fields["policy_makers"].queryset = candidates  # type: ignore[attr-defined]
        self.initial = {
            "facilitators": [user.pk for user in trajectory.facilitators.all()],
            "policy_makers": [user.pk for user in trajectory.policy_makers.all()],
            **self.initial,
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Teamleden opslaan")))


class RegionCodeChoiceField(forms.ModelChoiceField):
    """Choose a region by its code; anything not shaped like a code is refused.

    Checking the shape first keeps bytes PostgreSQL refuses (NUL) out of the
    query.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        code = str(value).strip().upper()
        if not REGION_CODE_SHAPE.fullmatch(code):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(code)


class RegionChoiceForm(forms.Form):
    """Pick the region to start a trajectory in (a GET form)."""

    regio = RegionCodeChoiceField(
        label=gettext_lazy("Regio"),
        queryset=None,
        to_field_name="code",
        empty_label=gettext_lazy("Kies een regio"),
        help_text=gettext_lazy("Kies de regio waar het goede gesprek plaatsvindt."),
        error_messages={
            "required": gettext_lazy("Kies een regio."),
            "invalid_choice": gettext_lazy("Kies een regio uit de lijst."),
        },
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regions
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Verder")))
