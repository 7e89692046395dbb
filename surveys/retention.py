"""What of a survey is personal data that goes: open answers and drafts.

Likert and choice answers stay (they make the aggregated results); free text
and its reviews are deleted once the trajectory's retention period passed.
Drafts (half-filled surveys, answers included) go as soon as the survey is
closed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from regions.models import Trajectory

from .models import Answer
from .models import SurveyDraft

OPEN_PHASES = (Trajectory.Phase.VOORBEREIDING, Trajectory.Phase.VRAGENLIJST_OPEN)


def survey_personal_data_purge(trajectory_id: int) -> dict[str, int]:
    """Delete the trajectory's free-text answers (with their reviews) and drafts."""
    deleted, per_model = (
        Answer.objects.filter(response__questionnaire__trajectory_id=trajectory_id)
        .exclude(text="")
        .delete()
    )
    drafts, _per_model = SurveyDraft.objects.filter(
        questionnaire__trajectory_id=trajectory_id
    ).delete()
    return {
        "open_answers": per_model.get("surveys.Answer", 0),
        "drafts": drafts,
    }


def drafts_of_closed_surveys_purge(*, today: dt.date) -> int:
    """Delete every draft of a survey that no longer takes answers."""
    closed = ~Q(questionnaire__trajectory__phase__in=OPEN_PHASES) | Q(
        questionnaire__trajectory__survey_closes_on__lt=today
    )
    deleted, _per_model = SurveyDraft.objects.filter(closed).delete()
    return deleted
