"""Reads of the questionnaire editor and of its panel on the trajectory page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models import Prefetch
from django.db.models import Q

from regions.models import ParticipantRole
from regions.models import Trajectory

from ..models import Question
from ..models import Questionnaire
from ..models import Response
from ..models import Theme
from ..structure import standard_questionnaire


def questionnaire_is_frozen(*, questionnaire: Questionnaire) -> bool:
    """Whether answers have come in, so the questionnaire can no longer change."""
    return Response.objects.filter(questionnaire=questionnaire).exists()


def theme_roles(theme: Theme) -> list[str]:
    """The roles a theme is asked to, in the fixed order of ParticipantRole.

    A theme without roles is asked to everybody.
    """
    allowed = set(theme.roles or ParticipantRole.values)
    return [role for role in ParticipantRole.values if role in allowed]


def editor_themes(*, questionnaire: Questionnaire) -> list[Theme]:
    """All themes in order, each with its questions, in two queries.

    Each theme and question gets ``role_labels``: the names of the roles it is asked to.
    """
    labels = dict(ParticipantRole.choices)
    themes = list(
        Theme.objects.filter(questionnaire=questionnaire)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )
    for theme in themes:
        theme.role_labels = [  # type: ignore[attr-defined]  # for the template
            labels[role] for role in theme_roles(theme)
        ]
        for question in theme.questions.all():
            roles = question.roles or theme_roles(theme)
            question.role_labels = [  # type: ignore[attr-defined]
                labels.get(role, role) for role in roles
            ]
    return themes


def editor_theme_get(*, trajectory: Trajectory, theme_id: int) -> Theme | None:
    """The trajectory's theme with this id, or None (also for other trajectories)."""
    return (
        Theme.objects.filter(pk=theme_id, questionnaire__trajectory=trajectory)
        .select_related("questionnaire")
        .first()
    )


def editor_question_get(*, trajectory: Trajectory, question_id: int) -> Question | None:
    """The trajectory's question with this id, or None (also for other trajectories)."""
    return (
        Question.objects.filter(
            pk=question_id, theme__questionnaire__trajectory=trajectory
        )
        .select_related("theme__questionnaire")
        .first()
    )


@dataclass(frozen=True)
class QuestionnaireSummary:
    exists: bool
    themes_on: int
    themes_total: int
    questions_on: int
    frozen: bool


def questionnaire_summary(*, trajectory: Trajectory) -> QuestionnaireSummary:
    """Count themes and questions that are on, without creating anything.

    A trajectory whose questionnaire was never opened still uses the standard
    questionnaire with every theme on; the counts then come from that file.
    """
    questionnaire = Questionnaire.objects.filter(trajectory=trajectory).first()
    if questionnaire is None:
        themes = standard_questionnaire()["themes"]
        return QuestionnaireSummary(
            exists=False,
            themes_on=len(themes),
            themes_total=len(themes),
            questions_on=sum(len(theme["questions"]) for theme in themes),
            frozen=False,
        )
    counts = Theme.objects.filter(questionnaire=questionnaire).aggregate(
        total=Count("pk", distinct=True),
        on=Count("pk", filter=Q(enabled=True), distinct=True),
        questions=Count("questions", filter=Q(enabled=True)),
    )
    return QuestionnaireSummary(
        exists=True,
        themes_on=counts["on"],
        themes_total=counts["total"],
        questions_on=counts["questions"],
        frozen=questionnaire_is_frozen(questionnaire=questionnaire),
    )
