"""Forms of the questionnaire editor. They check input; services save it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset
from crispy_forms.layout import Layout
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from regions.models import ParticipantRole

from ..models import Question
from ..models import Theme
from .selectors import theme_roles
from .services import CHOICE_KINDS
from .services import CHOICE_MAX_LENGTH
from .services import MAX_CHOICES
from .services import MIN_CHOICES

QUESTION_TEXT_MAX_LENGTH = 500
THEME_TITLE_MAX_LENGTH = 200
# Room for 20 lines of 100 characters plus stray spaces; more lines get the
# clearer "at most 20 choices" message rather than a length message.
CHOICES_RAW_MAX_LENGTH = 5000

# Control characters other than tab, line feed and carriage return. NUL is
# among them: PostgreSQL refuses it in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Something that looks like an HTML tag: "<b", "</", "<!--", "<?". A lone
# "<" as in "jonger dan < 12" stays allowed.
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!?]")

CONTROL_MESSAGE = _(
    "Deze tekst bevat een onzichtbaar teken dat niet mag. Typ de tekst opnieuw, "
    "of plak hem als gewone tekst."
)
HTML_MESSAGE = _(
    "Gebruik geen HTML-code (zoals <b> of <script>). Typ gewone tekst; "
    "de opmaak regelen wij."
)


def check_plain_text(value: str) -> None:
    """Refuse control characters and HTML tags in user text."""
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control")
    if HTML_TAG.search(value):
        raise ValidationError(HTML_MESSAGE, code="html")


class _PlainTextMixin:
    """Check for control characters and tags before any other validator."""

    validators: list[Callable[[Any], None]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # check_plain_text refuses NUL with a clearer message than Django's.
        self.validators = [check_plain_text] + [
            v
            for v in self.validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class PlainTextField(_PlainTextMixin, forms.CharField):
    """One line of plain text: spaces and line breaks become single spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


class ChoiceLinesField(_PlainTextMixin, forms.CharField):
    """A textarea with one choice per line; cleans to a list of labels."""

    default_error_messages = {
        "count": _(
            "Geef minstens %(min)s en hoogstens %(max)s keuzes, elk op een eigen regel."
        ),
        "long": _(
            "Een keuze mag hoogstens %(max)s tekens hebben. Deze is te lang: %(label)s"
        ),
        "twice": _("Elke keuze mag maar één keer in de lijst staan: %(label)s"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", CHOICES_RAW_MAX_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(**kwargs)

    def labels(self, value: str) -> list[str]:
        lines = (" ".join(line.split()) for line in value.split("\n"))
        labels = [line for line in lines if line]
        if not MIN_CHOICES <= len(labels) <= MAX_CHOICES:
            raise ValidationError(
                self.error_messages["count"],
                code="count",
                params={"min": MIN_CHOICES, "max": MAX_CHOICES},
            )
        seen: set[str] = set()
        for label in labels:
            if len(label) > CHOICE_MAX_LENGTH:
                raise ValidationError(
                    self.error_messages["long"],
                    code="long",
                    params={"max": CHOICE_MAX_LENGTH, "label": label[:40] + "…"},
                )
            if label.casefold() in seen:
                raise ValidationError(
                    self.error_messages["twice"], code="twice", params={"label": label}
                )
            seen.add(label.casefold())
        return labels


def _role_field(theme: Theme) -> forms.MultipleChoiceField:
    labels = dict(ParticipantRole.choices)
    return forms.MultipleChoiceField(
        label=_("Voor wie is deze vraag?"),
        choices=[(role, labels[role]) for role in theme_roles(theme)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen de rollen van dit thema staan hier. Zet een vinkje bij "
            "iedereen die deze vraag moet krijgen."
        ),
        error_messages={
            "required": _("Kies voor wie deze vraag is: zet minstens één vinkje."),
            "invalid_choice": _(
                "Deze rol hoort niet bij dit thema. Kies alleen rollen uit de lijst."
            ),
        },
    )


def _text_fields() -> dict[str, forms.Field]:
    return {
        "text": PlainTextField(
            label=_("Vraag of stelling"),
            max_length=QUESTION_TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "Schrijf kort en duidelijk, in gewone woorden. Eén onderwerp per vraag."
            ),
            error_messages={"required": _("Typ de vraag of stelling.")},
        ),
        "child_text": PlainTextField(
            label=_("Vraag voor kinderen en jongeren"),
            max_length=QUESTION_TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_(
                "Mag leeg blijven. Kinderen zien dan de gewone tekst. "
                "Gebruik korte zinnen en spreek het kind aan met 'je'."
            ),
        ),
        "text_en": PlainTextField(
            label=_("Vraag in het Engels"),
            max_length=QUESTION_TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_(
                "Mag leeg blijven. Dan zien Engelstalige invullers de Nederlandse tekst."
            ),
        ),
        "child_text_en": PlainTextField(
            label=_("Vraag voor kinderen in het Engels"),
            max_length=QUESTION_TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Mag leeg blijven."),
        ),
    }


def _choices_field() -> ChoiceLinesField:
    return ChoiceLinesField(
        label=_("Keuzes"),
        required=False,
        help_text=_(
            "Zet elke keuze op een eigen regel. Minstens %(min)s en hoogstens "
            "%(max)s keuzes, elk hoogstens %(length)s tekens."
        )
        % {"min": MIN_CHOICES, "max": MAX_CHOICES, "length": CHOICE_MAX_LENGTH},
    )


class QuestionForm(forms.Form):
    """The wording and roles of an existing question."""

    def __init__(self, *args, theme: Theme, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.kind = kind
        self.fields.update(_text_fields())
        self.fields["roles"] = _role_field(theme)
        if kind in CHOICE_KINDS:
            self.fields["choices"] = _choices_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Tekst in het Nederlands"), "text", "child_text"),
            Fieldset(
                _("Tekst in het Engels (mag leeg blijven)"), "text_en", "child_text_en"
            ),
            "roles",
            *(["choices"] if kind in CHOICE_KINDS else []),
        )
        self.helper.add_input(Submit("submit", _("Opslaan")))

    def clean_choices(self):
        value = self.cleaned_data.get("choices", "")
        if self.kind not in CHOICE_KINDS:
            return []
        if not value:
            raise ValidationError(
                _(
                    "Bij deze soort vraag horen keuzes. Zet elke keuze op een eigen regel."
                )
            )
        return cast(ChoiceLinesField, self.fields["choices"]).labels(value)


class QuestionAddForm(QuestionForm):
    """A new question: its kind, wording, roles and (for choices) the choices."""

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, theme=theme, kind="", **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Soort vraag"),
            choices=Question.Kind.choices,
            widget=forms.RadioSelect,
            help_text=_(
                "Stelling: de invuller kiest van helemaal oneens tot helemaal eens. "
                "Eén keuze of meerdere keuzes: u geeft de keuzes op. "
                "Open vraag: de invuller typt zelf een antwoord."
            ),
            error_messages={
                "required": _("Kies wat voor soort vraag het is."),
                "invalid_choice": _("Kies een soort vraag uit de lijst."),
            },
        )
        self.fields["choices"] = _choices_field()
        self.fields["choices"].help_text = _(
            "Alleen nodig bij 'Eén keuze' en 'Meerdere keuzes'. Zet elke keuze op "
            "een eigen regel. Minstens 2 en hoogstens 20 keuzes, elk hoogstens "
            "100 tekens."
        )
        self.order_fields(["kind", "text", "child_text", "text_en", "child_text_en"])
        self.helper.layout = Layout(
            "kind",
            Fieldset(_("Tekst in het Nederlands"), "text", "child_text"),
            Fieldset(
                _("Tekst in het Engels (mag leeg blijven)"), "text_en", "child_text_en"
            ),
            "roles",
            "choices",
        )
        self.helper.inputs = []
        self.helper.add_input(Submit("submit", _("Vraag toevoegen")))

    def clean_choices(self):
        # The kind is cleaned before the choices (field order), so it is known.
        self.kind = self.cleaned_data.get("kind", "")
        if self.kind not in CHOICE_KINDS:
            return []
        return super().clean_choices()


class ThemeForm(forms.Form):
    title = PlainTextField(
        label=_("Titel"),
        max_length=THEME_TITLE_MAX_LENGTH,
        help_text=_("De kop boven de vragen van dit thema."),
        error_messages={"required": _("Typ een titel voor het thema.")},
    )
    child_title = PlainTextField(
        label=_("Titel voor kinderen en jongeren"),
        max_length=THEME_TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Mag leeg blijven. Kinderen zien dan de gewone titel."),
    )
    title_en = PlainTextField(
        label=_("Titel in het Engels"),
        max_length=THEME_TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Mag leeg blijven."),
    )
    child_title_en = PlainTextField(
        label=_("Titel voor kinderen in het Engels"),
        max_length=THEME_TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Mag leeg blijven."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("In het Nederlands"), "title", "child_title"),
            Fieldset(
                _("In het Engels (mag leeg blijven)"), "title_en", "child_title_en"
            ),
        )
        self.helper.add_input(Submit("submit", _("Opslaan")))


class ThemeToggleForm(forms.Form):
    enabled = forms.TypedChoiceField(
        choices=[("1", _("aan")), ("0", _("uit"))],
        coerce=lambda value: value == "1",
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("omhoog")), ("down", _("omlaag"))])
