"""The review form: one action on one open answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import EDITED_TEXT_MAX
from .services import ReviewAction

MAX_ID = 2**63 - 1


class OpenAnswerReviewForm(forms.Form):
    answer = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Kies een antwoord.")},
    )
    action = forms.ChoiceField(
        choices=ReviewAction.choices,
        error_messages={
            "required": gettext_lazy("Kies wat u met het antwoord wilt doen."),
            "invalid_choice": gettext_lazy("Kies wat u met het antwoord wilt doen."),
        },
    )
    edited_text = forms.CharField(
        required=False,
        max_length=EDITED_TEXT_MAX,
        error_messages={
            "max_length": gettext_lazy(
                "De tekst is te lang. Gebruik hoogstens %(limit_value)d tekens "
                "(nu %(show_value)d)."
            ),
            "null_characters_not_allowed": gettext_lazy(
                "De tekst bevat een teken dat niet mag."
            ),
        },
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (
            data
            and data.get("action") == ReviewAction.EDIT
            and not data.get("edited_text")
        ):
            self.add_error("edited_text", _("Vul de aangepaste tekst in."))
        return data
