"""Reads of the answering pages: drafts, their pages, and the submit look-up."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from core.db import prepared_fetchone
from core.tokens import hash_token
from regions.models import Trajectory

from ..models import Questionnaire
from ..models import SpentToken
from ..models import SurveyDraft
from ..structure import Structure
from ..structure import ThemeView

# A page of the survey: ("role" | "context" | "theme", the theme or None).
Step = tuple[str, ThemeView | None]


def trajectory_for_public_link(*, public_token: str) -> Trajectory | None:
    """The trajectory of a public survey link, with its region; None if none.

    A token that cannot be one of ours (too long, or with a NUL byte, which
    PostgreSQL refuses in any text comparison) is not looked up.
    """
    if not public_token or len(public_token) > 64 or "\x00" in public_token:
        return None
    return (
        Trajectory.objects.select_related("region")
        .filter(public_token=public_token)
        .first()
    )


def draft_get(*, token: str) -> SurveyDraft | None:
    """Look a draft up by its resume token (one query, with the trajectory)."""
    if not token or len(token) > 64:
        return None
    return (
        SurveyDraft.objects.select_related("questionnaire__trajectory")
        .filter(token_hash=hash_token(token))
        .first()
    )


def response_exists_for_token(*, token: str) -> bool:
    """Whether a survey with this resume token was sent in already."""
    if not token or len(token) > 64:
        return False
    return SpentToken.objects.filter(pk=hash_token(token)).exists()


def draft_steps(*, draft: SurveyDraft, structure: Structure) -> list[Step]:
    """The pages of this respondent's survey, in order.

    ``("role", None)`` unless the link fixed the role, ``("context", None)``,
    then ``("theme", ThemeView)`` for each theme with questions for the role.
    The review page comes after the last step.
    """
    steps: list[Step] = []
    if not draft.role_fixed:
        steps.append(("role", None))
    steps.append(("context", None))
    if draft.role:
        steps.extend(("theme", theme) for theme in structure.themes_for(draft.role))
    return steps


def draft_summary(
    *, draft: SurveyDraft, steps: list[Step], child: bool
) -> list[dict[str, Any]]:
    """Per theme page: its heading, how many questions were answered, its step."""
    answers = (draft.data or {}).get("answers", {})
    summary = []
    for index, (kind, theme) in enumerate(steps):
        if kind != "theme" or theme is None:
            continue
        questions = theme.questions_for(draft.role)
        answered = sum(1 for q in questions if str(q.id) in answers)
        summary.append(
            {
                "heading": theme.heading(child=child),
                "answered": answered,
                "total": len(questions),
                "step": index,
            }
        )
    return summary


@dataclass(frozen=True)
class PendingSubmit:
    """What a submit needs of a draft, its questionnaire and its trajectory."""

    draft_id: int
    role: str
    data: dict[str, Any]
    questionnaire_id: int
    questionnaire_version: int
    phase: str
    survey_opens_on: date | None
    survey_closes_on: date | None
    public_token: str

    @property
    def pk(self) -> int:  # structure_for() takes anything with pk and version
        return self.questionnaire_id

    @property
    def version(self) -> int:
        return self.questionnaire_version


@cache
def _pending_query() -> str:
    draft, questionnaire, trajectory = (
        SurveyDraft._meta.db_table,
        Questionnaire._meta.db_table,
        Trajectory._meta.db_table,
    )
    return (
        "SELECT d.id, d.role, d.data, q.id, q.version, t.phase, "  # noqa: S608 - fixed table names  # nosec B608
        "t.survey_opens_on, t.survey_closes_on, t.public_token "
        f"FROM {draft} d JOIN {questionnaire} q ON q.id = d.questionnaire_id "
        f"JOIN {trajectory} t ON t.id = q.trajectory_id "
        "WHERE d.token_hash = %s"
    )


def pending_submit_get(*, token: str) -> PendingSubmit | None:
    """Look the draft of a resume token up for submitting: one prepared query."""
    if not token or len(token) > 64:
        return None
    row = prepared_fetchone(_pending_query(), [hash_token(token)])
    if row is None:
        return None
    data = row[2]
    if isinstance(data, str):  # SQLite hands JSON back as text
        data = json.loads(data)
    opens_on, closes_on = row[6], row[7]
    if isinstance(opens_on, str):
        opens_on = date.fromisoformat(opens_on)
    if isinstance(closes_on, str):
        closes_on = date.fromisoformat(closes_on)
    return PendingSubmit(
        draft_id=row[0],
        role=row[1],
        data=data if isinstance(data, dict) else {},
        questionnaire_id=row[3],
        questionnaire_version=row[4],
        phase=row[5],
        survey_opens_on=opens_on,
        survey_closes_on=closes_on,
        public_token=row[8],
    )
