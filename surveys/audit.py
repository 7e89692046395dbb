"""What of surveys the audit log follows: the questionnaire and quote reviews.

Responses, answers and drafts are never logged. A review's edited text is an
answer too, so only who reviewed, when and with what outcome is kept.
"""

from core.audit import audit_register

from .models import OpenAnswerReview
from .models import Question
from .models import Questionnaire
from .models import Theme


def register_audited_models() -> None:
    audit_register(
        Questionnaire,
        scope=lambda questionnaire: {"trajectory_id": questionnaire.trajectory_id},
    )
    audit_register(
        Theme,
        scope=lambda theme: {"trajectory_id": theme.questionnaire.trajectory_id},
    )
    audit_register(
        Question,
        scope=lambda question: {
            "trajectory_id": question.theme.questionnaire.trajectory_id
        },
    )
    audit_register(
        OpenAnswerReview,
        scope=lambda review: {
            "trajectory_id": review.answer.response.questionnaire.trajectory_id
        },
        exclude_fields=["edited_text"],
    )
