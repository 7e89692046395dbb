"""The agenda of a meeting as a formset: one row per item, no JavaScript needed.

Each row has a time, a title, an optional duration and description, a
"Volgorde" number and a "Verwijderen" box. Blank rows are ignored; two spare
rows are always shown, and "Meer regels" shows two more while keeping what
was typed. Rows are stored in the order of their numbers (rows without a
number last, in the order shown).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AGENDA_DESCRIPTION_MAX
from .models import AGENDA_MAX_MINUTES
from .models import AgendaItem
from .models import Meeting
from .services import MAX_AGENDA_ITEMS
from .services import AgendaEntry

PREFIX = "agenda"
SPARE_ROWS = 2
ADD_ROWS = "add_rows"


class AgendaTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


class AgendaItemForm(forms.Form):
    starts_at = forms.TimeField(
        label=gettext_lazy("Tijd"),
        required=False,
        widget=AgendaTimeInput,
        error_messages={"invalid": gettext_lazy("Vul een tijd in zoals 19:00.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Onderdeel"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": gettext_lazy(
                "Houd het onderdeel kort: hoogstens %(limit_value)d tekens "
                "(nu %(show_value)d)."
            )
        },
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duur in minuten (mag leeg)"),
        required=False,
        min_value=1,
        max_value=AGENDA_MAX_MINUTES,
        error_messages={
            "invalid": gettext_lazy("Vul een aantal minuten in, zoals 30."),
            "min_value": gettext_lazy("Vul minstens 1 minuut in, of laat het leeg."),
            "max_value": gettext_lazy(
                "Een onderdeel duurt hoogstens %(limit_value)s minuten."
            ),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Toelichting (mag leeg)"),
        required=False,
        max_length=AGENDA_DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": gettext_lazy(
                "De toelichting is te lang: hoogstens %(limit_value)d tekens "
                "(nu %(show_value)d)."
            )
        },
    )

    def clean_title(self):
        return _clean_text(self.cleaned_data["title"])

    def clean_description(self):
        return _clean_text(self.cleaned_data["description"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        filled = data.get("starts_at") or data.get("title")
        filled = filled or data.get("duration_minutes") or data.get("description")
        if not filled:
            data["blank"] = True  # an empty row: ignored
            return data
        if data.get("starts_at") is None:
            self.add_error("starts_at", _("Vul de tijd in, zoals 19:00."))
        if not data.get("title"):
            self.add_error("title", _("Schrijf wat er dan gebeurt."))
        return data


class BaseAgendaFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[ORDERING_FIELD_NAME].label = _("Volgorde")
        form.fields[ORDERING_FIELD_NAME].min_value = 0
        form.fields[ORDERING_FIELD_NAME].max_value = 999
        form.fields[ORDERING_FIELD_NAME].error_messages = {
            "invalid": _("Vul een volgnummer in, zoals 3."),
            "min_value": _("Vul een volgnummer van 0 tot 999 in."),
            "max_value": _("Vul een volgnummer van 0 tot 999 in."),
        }
        form.fields[DELETION_FIELD_NAME].label = _("Verwijderen")

    def clean(self):
        super().clean()
        if any(self.errors) or self.non_form_errors():
            return
        kept = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and form.cleaned_data
            and not form.cleaned_data.get("blank")
            and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]
        if len(kept) > MAX_AGENDA_ITEMS:
            raise ValidationError(
                _("Een agenda heeft hoogstens %(max)s onderdelen.")
                % {"max": MAX_AGENDA_ITEMS}
            )

    def entries(self) -> list[AgendaEntry]:
        """The kept rows in their chosen order (valid formset only)."""
        kept = [
            form
            for form in self.ordered_forms
            if not form.cleaned_data.get("blank")
            and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]
        return [
            AgendaEntry(
                starts_at=form.cleaned_data["starts_at"],
                title=form.cleaned_data["title"],
                duration_minutes=form.cleaned_data.get("duration_minutes"),
                description=form.cleaned_data.get("description", ""),
            )
            for form in kept
        ]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=SPARE_ROWS,
    can_order=True,
    can_delete=True,
    max_num=MAX_AGENDA_ITEMS,
    # Rows sent beyond this are refused as a whole (a tampered form).
    absolute_max=MAX_AGENDA_ITEMS + 2 * SPARE_ROWS + 20,
)


def _initial(items: list[AgendaItem]) -> list[dict]:
    return [
        {
            "starts_at": item.starts_at,
            "title": item.title,
            "duration_minutes": item.duration_minutes,
            "description": item.description,
        }
        for item in items
    ]


def agenda_formset(
    *, meeting: Meeting, data=None, add_rows: bool = False
) -> BaseAgendaFormSet:
    """The formset for ``meeting``: bound to ``data`` when posted.

    With ``add_rows`` the rows typed so far come back unvalidated as the
    starting values, with two more spare rows.
    """
    if data is not None and add_rows:
        typed = _typed_rows(data)
        return AgendaFormSet(prefix=PREFIX, initial=typed)  # type: ignore[return-value]
    initial = _initial(list(meeting.agenda_items.all()))
    if data is not None:
        return AgendaFormSet(data, prefix=PREFIX, initial=initial)  # type: ignore[return-value]
    return AgendaFormSet(prefix=PREFIX, initial=initial)  # type: ignore[return-value]


def _typed_rows(data) -> list[dict]:
    """What was typed in each posted row, as text (no validation)."""
    try:
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    rows: list[tuple[int, int, dict]] = []
    for index in range(min(max(total, 0), MAX_AGENDA_ITEMS)):
        row = {
            name: _clean_text(str(data.get(f"{PREFIX}-{index}-{name}", "")))[:1000]
            for name in ("starts_at", "title", "duration_minutes", "description")
        }
        if data.get(f"{PREFIX}-{index}-{DELETION_FIELD_NAME}"):
            continue
        order = str(data.get(f"{PREFIX}-{index}-{ORDERING_FIELD_NAME}", ""))
        if any(row.values()):
            rows.append((int(order) if order.isdigit() else 1000, index, row))
    return [row for _order, _index, row in sorted(rows, key=lambda r: r[:2])]


def typed_meeting_fields(data) -> dict[str, str | list[str]]:
    """The meeting's fields as typed, to show again unvalidated."""
    initial: dict[str, str | list[str]] = {
        name: _clean_text(str(data.get(name, "")))[:1000]
        for name in (
            "title",
            "kind",
            "date",
            "start_time",
            "end_time",
            "location",
            "online_url",
        )
    }
    initial["facilitators"] = [
        value for value in data.getlist("facilitators") if value.isdigit()
    ]
    return initial
