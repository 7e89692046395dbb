"""Writes shared by the survey rooms: the trajectory's copy of the questionnaire.

``survey_closed_reason`` lives here too: the answering pages and the
coordinator's page both ask it, and it reads nothing from the database.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Trajectory

from .models import Question
from .models import Questionnaire
from .models import Theme
from .structure import standard_questionnaire


class SurveyPeriod(Protocol):
    """What ``survey_closed_reason`` reads: a Trajectory or a ``PendingSubmit``."""

    @property
    def phase(self) -> str: ...

    @property
    def survey_opens_on(self) -> date | None: ...

    @property
    def survey_closes_on(self) -> date | None: ...


def survey_closed_reason(
    trajectory: SurveyPeriod, *, today: date | None = None
) -> str | None:
    """Return why the survey is closed, or None when it takes answers today.

    ``trajectory`` is a Trajectory or anything with its ``phase``,
    ``survey_opens_on`` and ``survey_closes_on`` (a ``PendingSubmit``).
    """
    today = today or timezone.localdate()
    if trajectory.phase == Trajectory.Phase.VOORBEREIDING:
        return _("Deze vragenlijst is nog niet open. Probeer het later nog eens.")
    if trajectory.phase != Trajectory.Phase.VRAGENLIJST_OPEN:
        return _(
            "Deze vragenlijst is gesloten. Er kunnen geen antwoorden meer bij. "
            "Bedankt voor je interesse!"
        )
    if trajectory.survey_opens_on and today < trajectory.survey_opens_on:
        return _("Deze vragenlijst gaat open op %(date)s.") % {
            "date": trajectory.survey_opens_on.strftime("%d-%m-%Y")
        }
    if trajectory.survey_closes_on and today > trajectory.survey_closes_on:
        return _(
            "Deze vragenlijst is gesloten sinds %(date)s. Er kunnen geen antwoorden "
            "meer bij. Bedankt voor je interesse!"
        ) % {"date": trajectory.survey_closes_on.strftime("%d-%m-%Y")}
    return None


def questionnaire_get_or_create(*, trajectory: Trajectory) -> Questionnaire:
    """Return the trajectory's questionnaire, copying the standard one if new.

    Two first visits at the same moment both try to create it; the loser's
    transaction rolls back on the one-to-one constraint and it returns the
    winner's copy.
    """
    existing = Questionnaire.objects.filter(trajectory=trajectory).first()
    if existing is not None:
        return existing
    try:
        return _questionnaire_create(trajectory=trajectory)
    except IntegrityError:
        return Questionnaire.objects.get(trajectory=trajectory)


@transaction.atomic
def _questionnaire_create(*, trajectory: Trajectory) -> Questionnaire:
    data = standard_questionnaire()
    questionnaire = Questionnaire.objects.create(
        trajectory=trajectory, source_version=data["version"]
    )
    themes = Theme.objects.bulk_create(
        [
            Theme(
                questionnaire=questionnaire,
                key=theme["key"],
                title=theme["title"]["nl"],
                title_en=theme["title"].get("en", ""),
                child_title=theme.get("child_title", {}).get("nl", ""),
                child_title_en=theme.get("child_title", {}).get("en", ""),
                roles=list(theme["roles"]),
                position=index,
            )
            for index, theme in enumerate(data["themes"], start=1)
        ]
    )
    if not all(t.pk for t in themes):  # SQLite before 3.35 returns no ids
        themes = list(questionnaire.themes.order_by("position"))
    Question.objects.bulk_create(
        [
            Question(
                theme=theme_row,
                key=question["key"],
                kind=question["kind"],
                open_kind=question.get("open_kind", ""),
                text=question["text"]["nl"],
                text_en=question["text"].get("en", ""),
                child_text=question.get("child_text", {}).get("nl", ""),
                child_text_en=question.get("child_text", {}).get("en", ""),
                roles=list(question.get("roles", theme["roles"])),
                choices=question.get("choices", []),
                position=position,
            )
            for theme_row, theme in zip(themes, data["themes"], strict=True)
            for position, question in enumerate(theme["questions"], start=1)
        ]
    )
    return questionnaire
