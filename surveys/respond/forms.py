"""Forms for the answering pages. Every question may be skipped."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regions.models import ParticipantRole

from ..models import Question
from ..models import Response
from ..structure import QuestionView

OPEN_TEXT_MAX = 2000
CHECK = {"class": "form-check-input"}

LIKERT_ADULT = [
    (5, _("Helemaal mee eens")),
    (4, _("Mee eens")),
    (3, _("Niet eens, niet oneens")),
    (2, _("Mee oneens")),
    (1, _("Helemaal mee oneens")),
    (0, _("Weet ik niet")),
]
LIKERT_CHILD = [
    (5, pgettext_lazy("child scale", "Klopt helemaal")),
    (4, pgettext_lazy("child scale", "Klopt")),
    (3, pgettext_lazy("child scale", "Klopt een beetje")),
    (2, pgettext_lazy("child scale", "Klopt niet")),
    (1, pgettext_lazy("child scale", "Klopt helemaal niet")),
    (0, pgettext_lazy("child scale", "Weet ik niet")),
]

ROLE_DESCRIPTIONS = {
    ParticipantRole.PLEEGOUDER: _("Er woont een pleegkind bij mij, of dat was zo."),
    ParticipantRole.PLEEGKIND: _("Ik woon in een pleeggezin, of dat was zo."),
    ParticipantRole.EIGEN_KIND: _(
        "Mijn ouders zijn pleegouders. Er woont een pleegkind bij ons."
    ),
    ParticipantRole.OUDER: _("Mijn kind woont in een pleeggezin, of dat was zo."),
    ParticipantRole.PROFESSIONAL: _(
        "Ik werk in de pleegzorg of jeugdhulp, bijvoorbeeld als pleegzorgbegeleider of jeugdbeschermer."
    ),
    ParticipantRole.BELEIDSMAKER: _(
        "Ik werk bij een gemeente of regio aan jeugdbeleid."
    ),
}


class RoleForm(forms.Form):
    """Who answers: asked before the start page, so in words for everyone."""

    role = forms.ChoiceField(
        label=_("Wie vult de vragenlijst in?"),
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect(attrs=CHECK),
        error_messages={
            "required": _("Kies wat het beste past. Dan volgen de vragen die passen."),
            "invalid_choice": _("Kies een van de rollen in de lijst."),
        },
    )
    other_roles = forms.MultipleChoiceField(
        label=_("Nog een andere rol? (mag overgeslagen worden)"),
        help_text=_(
            "Bijvoorbeeld: pleegouder én werken in de jeugdhulp. "
            "Kies hierboven de rol van waaruit de vragen worden beantwoord."
        ),
        choices=ParticipantRole.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        required=False,
        error_messages={"invalid_choice": _("Kies alleen rollen uit de lijst.")},
    )


def _other_roles_field() -> forms.Field:
    """For adults whose role came with the link: any other role they have."""
    return forms.MultipleChoiceField(
        label=_("Heeft u nog een andere rol? (mag u overslaan)"),
        help_text=_(
            "Bijvoorbeeld: u bent pleegouder én u werkt in de jeugdhulp. "
            "U beantwoordt de vragen vanuit de rol waarmee u begon."
        ),
        choices=ParticipantRole.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        required=False,
        error_messages={"invalid_choice": _("Kies alleen rollen uit de lijst.")},
    )


class ContextForm(forms.Form):
    """Where and how, without identifying anyone. Every field may be skipped."""

    def __init__(
        self,
        *args,
        role: str,
        municipalities,
        child: bool,
        ask_other_roles: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if ask_other_roles and not child:
            self.fields["other_roles"] = _other_roles_field()
        self.fields["municipality"] = forms.TypedChoiceField(
            label=_("In welke gemeente woont of werkt u?")
            if not child
            else _("In welke gemeente woon je?"),
            choices=[("", _("Zeg ik liever niet"))]
            + [(m.pk, m.name) for m in municipalities],
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
        )
        if child:
            self.fields["age_band"] = forms.ChoiceField(
                label=_("Hoe oud ben je?"),
                choices=Response.AgeBand.choices,
                widget=forms.RadioSelect(attrs=CHECK),
                required=False,
                error_messages={"invalid_choice": _("Kies een leeftijd uit de lijst.")},
            )
        if role == ParticipantRole.PLEEGOUDER:
            self.fields["foster_type"] = forms.ChoiceField(
                label=_("Wat voor pleegouder bent u?"),
                choices=Response.FosterType.choices,
                widget=forms.RadioSelect(attrs=CHECK),
                required=False,
                error_messages={"invalid_choice": _("Kies een antwoord uit de lijst.")},
            )
            self.fields["care_types"] = forms.MultipleChoiceField(
                label=_("Welke pleegzorg geeft u? (meer antwoorden mogelijk)"),
                choices=Response.CareType.choices,
                widget=forms.CheckboxSelectMultiple(attrs=CHECK),
                required=False,
                error_messages={
                    "invalid_choice": _("Kies alleen antwoorden uit de lijst.")
                },
            )


def _question_field(question: QuestionView, *, child: bool) -> forms.Field:
    label = question.wording(child=child)
    if question.kind == Question.Kind.LIKERT:
        return forms.TypedChoiceField(
            label=label,
            choices=LIKERT_CHILD if child else LIKERT_ADULT,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs=CHECK),
            error_messages={"invalid_choice": _("Kies een van de antwoorden.")},
        )
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            label=label,
            choices=question.choice_list(),
            required=False,
            widget=forms.RadioSelect(attrs=CHECK),
            error_messages={"invalid_choice": _("Kies een van de antwoorden.")},
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=question.choice_list(),
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs=CHECK),
            error_messages={
                "invalid_choice": _("Kies alleen antwoorden uit de lijst.")
            },
        )
    return forms.CharField(
        label=label,
        required=False,
        max_length=OPEN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": OPEN_TEXT_MAX}),
        help_text=_("Noem geen namen van mensen."),
        error_messages={
            "max_length": _(
                "Je antwoord is te lang: maximaal %(limit_value)d tekens. "
                "Je hebt er nu %(show_value)d."
            )
            if child
            else _(
                "Uw antwoord is te lang: maximaal %(limit_value)d tekens. "
                "U heeft er nu %(show_value)d."
            )
        },
    )


class ThemeForm(forms.Form):
    """The questions of one theme for one role."""

    def __init__(
        self, *args, questions: tuple[QuestionView, ...], child: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.child = child
        for question in questions:
            field = _question_field(question, child=child)
            field.question = question  # type: ignore[attr-defined]  # for the template
            self.fields[question.field_name] = field

    def answers(self) -> dict[int, object]:
        """The cleaned answers keyed by question id (empty ones included)."""
        return {q.id: self.cleaned_data.get(q.field_name) for q in self.questions}
