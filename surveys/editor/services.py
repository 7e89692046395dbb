"""Edits to a trajectory's questionnaire (the reads are in ``selectors``).

Every write follows the same steps inside one transaction: lock the
questionnaire row, refuse with ``QuestionnaireFrozen`` once a response exists,
change the rows, and raise ``Questionnaire.version`` so that the cached
structure (``structure.structure_for``) is rebuilt.
"""

from __future__ import annotations

import secrets
from typing import Literal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Question
from ..models import Questionnaire
from ..models import Theme
from .selectors import questionnaire_is_frozen
from .selectors import theme_roles

Direction = Literal["up", "down"]
Row = TypeVar("Row", Theme, Question)


class QuestionnaireFrozen(Exception):
    """The questionnaire has responses and can no longer change."""


FROZEN_MESSAGE = gettext_lazy(
    "De vragenlijst staat vast: er zijn al antwoorden binnen. Zo passen de "
    "antwoorden altijd bij de vragen die gesteld zijn."
)

ENGLISH_STALE_MESSAGE = gettext_lazy(
    "Let op: u heeft de Nederlandse tekst veranderd, maar de Engelse tekst niet. "
    "Pas de Engelse tekst ook aan. Tot dan staat bij de vraag: Engelse tekst "
    "nakijken."
)

MIN_CHOICES = 2
MAX_CHOICES = 20
CHOICE_MAX_LENGTH = 100
CHOICE_KINDS = frozenset({Question.Kind.SINGLE.value, Question.Kind.MULTIPLE.value})
# Answer.choice holds the value; keep room for a de-duplicating suffix.
CHOICE_VALUE_MAX_LENGTH = 40
QUESTION_KEY_STEM_LENGTH = 60


# --- Helpers for writes ----------------------------------------------------


def _lock_for_edit(*, questionnaire_id: int) -> Questionnaire:
    """Lock the questionnaire row and refuse if answers have come in.

    Caller is inside a transaction.
    """
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
    if questionnaire_is_frozen(questionnaire=questionnaire):
        raise QuestionnaireFrozen
    return questionnaire


def _questionnaire_id_of(question: Question) -> int:
    return Theme.objects.values_list("questionnaire_id", flat=True).get(
        pk=question.theme_id
    )


def _bump(questionnaire: Questionnaire) -> None:
    """Raise the version so cached structures are rebuilt. Caller holds the lock."""
    questionnaire.version += 1
    questionnaire.save(update_fields=["version", "updated_at"])


def _check_roles(roles: list[str], *, theme: Theme) -> list[str]:
    allowed = theme_roles(theme)
    unknown = set(roles) - set(allowed)
    if not roles or unknown:
        raise ValidationError(
            {"roles": _("Kies een of meer rollen die bij dit thema horen.")}
        )
    return [role for role in allowed if role in roles]


def _choice_rows(labels: list[str]) -> list[dict[str, str]]:
    """Turn choice labels into stored choices with a short, unique value each."""
    if not MIN_CHOICES <= len(labels) <= MAX_CHOICES:
        raise ValidationError(
            {
                "choices": _("Geef minstens %(min)s en hoogstens %(max)s keuzes.")
                % {"min": MIN_CHOICES, "max": MAX_CHOICES}
            }
        )
    rows: list[dict[str, str]] = []
    used: set[str] = set()
    for label in labels:
        if not label or len(label) > CHOICE_MAX_LENGTH:
            raise ValidationError(
                {"choices": _("Een keuze is leeg of langer dan 100 tekens.")}
            )
        stem = slugify(label)[:CHOICE_VALUE_MAX_LENGTH].strip("-") or "keuze"
        value, suffix = stem, 1
        while value in used:
            suffix += 1
            value = f"{stem}-{suffix}"
        used.add(value)
        rows.append({"value": value, "label": label, "label_en": ""})
    return rows


def _new_question_key(*, theme: Theme, text: str) -> str:
    """A slug of the text plus a short random part, unique within the theme."""
    stem = slugify(text)[:QUESTION_KEY_STEM_LENGTH].strip("-") or "vraag"
    taken = set(Question.objects.filter(theme=theme).values_list("key", flat=True))
    while True:
        key = f"{stem}-{secrets.token_hex(3)}"
        if key not in taken:
            return key


def _move(rows: list[Row], pk: int, direction: Direction) -> list[Row] | None:
    """Swap the row with its neighbour and number all rows 1..n again.

    Return the rows to save, or None when the row is already at that end.
    """
    index = next((i for i, row in enumerate(rows) if row.pk == pk), None)
    if index is None or direction not in ("up", "down"):
        return None
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return None
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


# --- Themes ----------------------------------------------------------------


@transaction.atomic
def theme_set_enabled(*, theme: Theme, enabled: bool) -> Theme:
    """Switch a theme on or off; switching to the current state changes nothing."""
    questionnaire = _lock_for_edit(questionnaire_id=theme.questionnaire_id)
    theme.refresh_from_db()
    if theme.enabled == enabled:
        return theme
    theme.enabled = enabled
    theme.save(update_fields=["enabled"])
    _bump(questionnaire)
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    title: str,
    title_en: str = "",
    child_title: str = "",
    child_title_en: str = "",
) -> Theme:
    """Change a theme's titles."""
    questionnaire = _lock_for_edit(questionnaire_id=theme.questionnaire_id)
    theme.refresh_from_db()
    theme.title = title
    theme.title_en = title_en
    theme.child_title = child_title
    theme.child_title_en = child_title_en
    theme.full_clean()
    theme.save(update_fields=["title", "title_en", "child_title", "child_title_en"])
    _bump(questionnaire)
    return theme


@transaction.atomic
def theme_move(*, theme: Theme, direction: Direction) -> bool:
    """Move a theme one place up or down; return False if it is already at the end."""
    questionnaire = _lock_for_edit(questionnaire_id=theme.questionnaire_id)
    rows = _move(
        list(
            Theme.objects.filter(questionnaire=questionnaire).order_by("position", "pk")
        ),
        theme.pk,
        direction,
    )
    if rows is None:
        return False
    Theme.objects.bulk_update(rows, ["position"])
    _bump(questionnaire)
    return True


# --- Questions -------------------------------------------------------------


@transaction.atomic
def question_add(
    *,
    theme: Theme,
    kind: str,
    text: str,
    roles: list[str],
    choices: list[str] | None = None,
    text_en: str = "",
    child_text: str = "",
    child_text_en: str = "",
) -> Question:
    """Add a question at the end of a theme.

    ``choices`` are the labels for a single or multiple choice question
    (2 to 20, each at most 100 characters); other kinds ignore them.
    """
    questionnaire = _lock_for_edit(questionnaire_id=theme.questionnaire_id)
    theme.refresh_from_db()
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Kies een soort vraag uit de lijst.")})
    last = (
        Question.objects.filter(theme=theme)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    question = Question(
        theme=theme,
        key=_new_question_key(theme=theme, text=text),
        kind=kind,
        open_kind=Question.OpenKind.OTHER if kind == Question.Kind.OPEN else "",
        text=text,
        text_en=text_en,
        child_text=child_text,
        child_text_en=child_text_en,
        roles=_check_roles(roles, theme=theme),
        choices=_choice_rows(choices or []) if kind in CHOICE_KINDS else [],
        position=(last or 0) + 1,
    )
    question.full_clean()
    question.save()
    _bump(questionnaire)
    return question


def _english_stale(
    question: Question,
    *,
    text: str,
    text_en: str,
    child_text: str,
    child_text_en: str,
) -> bool:
    """Whether the English wording lags behind the Dutch after this edit.

    A pair is stale when its Dutch text changes and its English text, which
    is there, does not. A question marked before stays marked until one of
    its English texts changes.
    """
    pairs = [
        (question.text, text, question.text_en, text_en),
        (question.child_text, child_text, question.child_text_en, child_text_en),
    ]
    english_changed = any(old_en != new_en for _o, _n, old_en, new_en in pairs)
    if question.english_stale and not english_changed:
        return True
    return any(
        old != new and new_en and old_en == new_en for old, new, old_en, new_en in pairs
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    roles: list[str],
    choices: list[str] | None = None,
    text_en: str = "",
    child_text: str = "",
    child_text_en: str = "",
) -> Question:
    """Change a question's wording, roles and (for choice questions) choices.

    ``choices=None`` keeps the current choices. A Dutch text changed while its
    English text stayed the same marks the English for review
    (``english_stale``) until an English text is changed.
    """
    questionnaire = _lock_for_edit(questionnaire_id=_questionnaire_id_of(question))
    question.refresh_from_db()
    theme = Theme.objects.get(pk=question.theme_id)
    question.english_stale = _english_stale(
        question,
        text=text,
        text_en=text_en,
        child_text=child_text,
        child_text_en=child_text_en,
    )
    question.text = text
    question.text_en = text_en
    question.child_text = child_text
    question.child_text_en = child_text_en
    question.roles = _check_roles(roles, theme=theme)
    if question.kind in CHOICE_KINDS and choices is not None:
        question.choices = _choice_rows(choices)
    question.full_clean()
    question.save()
    _bump(questionnaire)
    return question


@transaction.atomic
def question_move(*, question: Question, direction: Direction) -> bool:
    """Move a question one place up or down within its theme.

    Return False if it is already at that end.
    """
    questionnaire = _lock_for_edit(questionnaire_id=_questionnaire_id_of(question))
    rows = _move(
        list(
            Question.objects.filter(theme_id=question.theme_id).order_by(
                "position", "pk"
            )
        ),
        question.pk,
        direction,
    )
    if rows is None:
        return False
    Question.objects.bulk_update(rows, ["position"])
    _bump(questionnaire)
    return True


@transaction.atomic
def question_delete(*, question: Question) -> None:
    """Delete a question. Only possible before the first response."""
    questionnaire = _lock_for_edit(questionnaire_id=_questionnaire_id_of(question))
    Question.objects.filter(pk=question.pk).delete()
    _bump(questionnaire)
