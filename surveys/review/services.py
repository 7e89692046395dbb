"""Writes for the review of open answers (trajectory staff only).

A reviewer reads every open answer before anyone else does and then
approves it, edits it (to take out names or details), hides it, or flags it
as possibly unsafe. The flag is separate from the status: a flagged answer
is never shown, whatever its status, until a reviewer removes the flag.
Removing an automatic flag is a recorded decision: ``auto_flagged`` stays
True and ``reviewed_by`` / ``reviewed_at`` say who cleared it and when.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..models import Answer
from ..models import OpenAnswerReview
from ..models import Question

logger = logging.getLogger(__name__)

EDITED_TEXT_MAX = 2000


class ReviewAction(models.TextChoices):
    APPROVE = "approve", _("Goedkeuren")
    EDIT = "edit", _("Aangepaste tekst opslaan")
    HIDE = "hide", _("Verbergen")
    FLAG = "flag", _("Markeren als mogelijk onveilig")
    UNFLAG = "unflag", _("Markering weghalen")


def clean_edited_text(text: str) -> str:
    """Normalise line ends and trim; refuse null characters and empty text."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in text:
        raise ValidationError(
            {"edited_text": _("De tekst bevat een teken dat niet mag.")},
            code="null_characters",
        )
    if not text:
        raise ValidationError(
            {"edited_text": _("Vul de aangepaste tekst in.")}, code="required"
        )
    if len(text) > EDITED_TEXT_MAX:
        raise ValidationError(
            {
                "edited_text": _(
                    "De tekst is te lang. Gebruik hoogstens %(max)s tekens."
                )
                % {"max": EDITED_TEXT_MAX}
            },
            code="max_length",
        )
    return text


@transaction.atomic
def open_answer_review(
    *,
    answer: Answer,
    action: str,
    edited_text: str = "",
    reviewer: User,
) -> OpenAnswerReview:
    """Apply one review action to an open answer and return its review.

    Actions are the values of ``ReviewAction``. Repeating an action changes
    nothing (not even ``reviewed_at``). ``edited_text`` is used by ``edit``
    only. Raises ``ValidationError`` for an unknown action, an answer that is
    not a non-empty open answer, or an unusable edited text.
    """
    if action not in ReviewAction.values:
        raise ValidationError({"action": _("Kies wat u met het antwoord wilt doen.")})
    if answer.question.kind != Question.Kind.OPEN or not answer.text:
        raise ValidationError(_("Alleen open antwoorden met tekst worden beoordeeld."))

    review = OpenAnswerReview.objects.select_for_update().filter(answer=answer).first()
    if review is None:
        review = OpenAnswerReview(answer=answer)
    before = (review.pk, review.status, review.edited_text, review.unsafe)

    if action == ReviewAction.APPROVE:
        review.status = OpenAnswerReview.Status.APPROVED
    elif action == ReviewAction.EDIT:
        review.edited_text = clean_edited_text(edited_text)
        review.status = OpenAnswerReview.Status.EDITED
    elif action == ReviewAction.HIDE:
        review.status = OpenAnswerReview.Status.HIDDEN
    elif action == ReviewAction.FLAG:
        review.unsafe = True
    elif action == ReviewAction.UNFLAG:
        review.unsafe = False

    if (review.pk, review.status, review.edited_text, review.unsafe) == before:
        return review
    review.reviewed_by = reviewer
    review.reviewed_at = timezone.now()
    review.full_clean()
    review.save()
    logger.info(
        "open answer %s: %s by user %s (unsafe=%s, auto_flagged=%s)",
        answer.pk,
        action,
        reviewer.pk,
        review.unsafe,
        review.auto_flagged,
    )
    return review
