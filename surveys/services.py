"""Writes for surveys: the questionnaire copy, drafts and submissions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import ParticipantRole
from regions.models import Trajectory

from .models import Answer
from .models import OpenAnswerReview
from .models import Question
from .models import Questionnaire
from .models import Response
from .models import SurveyDraft
from .models import Theme
from .safety import suggests_unsafe
from .structure import Structure
from .structure import standard_questionnaire
from .structure import structure_for

CONTEXT_KEYS = ("other_roles", "municipality", "age_band", "foster_type", "care_types")


class SurveyClosed(Exception):
    """The survey does not take answers now; ``message`` says why, in Dutch."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class QuestionnaireFrozen(Exception):
    """The questionnaire has responses and can no longer change."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_closed_reason(trajectory: Trajectory, *, today=None) -> str | None:
    """Return why the survey is closed, or None when it takes answers today."""
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


def questionnaire_is_frozen(*, questionnaire: Questionnaire) -> bool:
    return Response.objects.filter(questionnaire=questionnaire).exists()


# --- Drafts ---------------------------------------------------------------


@transaction.atomic
def draft_start(
    *, questionnaire: Questionnaire, role: str = ""
) -> tuple[SurveyDraft, str]:
    """Start a survey; return the draft and its secret resume token."""
    if role and role not in ParticipantRole.values:
        role = ""
    token = secrets.token_urlsafe(24)
    draft = SurveyDraft.objects.create(
        questionnaire=questionnaire,
        token_hash=hash_token(token),
        role=role,
        role_fixed=bool(role),
        data={"answers": {}, "context": {}},
        updated_on=timezone.localdate(),
    )
    return draft, token


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
    if not token or len(token) > 64:
        return False
    return Response.objects.filter(submission_key=hash_token(token)).exists()


def _merge(
    draft: SurveyDraft, *, role: str | None, context: dict | None, answers: dict
):
    data = draft.data or {}
    data.setdefault("answers", {})
    data.setdefault("context", {})
    if context is not None:
        data["context"].update({k: v for k, v in context.items() if k in CONTEXT_KEYS})
    for question_id, value in answers.items():
        key = str(question_id)
        if value in (None, "", []):
            data["answers"].pop(key, None)
        else:
            data["answers"][key] = value
    if role is not None and not draft.role_fixed:
        draft.role = role
    draft.data = data


def draft_save(
    *,
    draft: SurveyDraft,
    step: int,
    role: str | None = None,
    context: dict | None = None,
    answers: dict | None = None,
) -> SurveyDraft:
    """Store a page of answers (already validated by the page's form)."""
    _merge(draft, role=role, context=context, answers=answers or {})
    draft.step = max(0, min(step, 255))
    draft.updated_on = timezone.localdate()
    draft.save(update_fields=["data", "role", "step", "updated_on"])
    return draft


# --- Submitting -----------------------------------------------------------


@dataclass(frozen=True)
class SubmitResult:
    response: Response | None
    created: bool


AnswerRow = tuple[int, int | None, str, str]  # question_id, number, choice, text


def _answer_rows(structure: Structure, role: str, answers: dict) -> list[AnswerRow]:
    """Turn stored draft answers into answer rows, dropping anything not asked."""
    allowed = structure.question_ids_for(role)
    by_id = structure.questions_by_id()
    rows: list[AnswerRow] = []
    for key, value in answers.items():
        try:
            question_id = int(key)
        except (TypeError, ValueError):
            continue
        if question_id not in allowed:
            continue
        kind = by_id[question_id].kind
        if kind == Question.Kind.LIKERT:
            if isinstance(value, int) and 0 <= value <= 5:
                rows.append((question_id, value, "", ""))
        elif kind == Question.Kind.SINGLE:
            if isinstance(value, str) and value in by_id[question_id].choice_values:
                rows.append((question_id, None, value, ""))
        elif kind == Question.Kind.MULTIPLE:
            if isinstance(value, list):
                choices = by_id[question_id].choice_values
                rows.extend(
                    (question_id, None, choice, "")
                    for choice in dict.fromkeys(value)
                    if choice in choices
                )
        elif kind == Question.Kind.OPEN:
            if isinstance(value, str) and value.strip():
                rows.append((question_id, None, "", value.strip()[:2000]))
    return rows


def _insert_answers(response_id: int, rows: list[AnswerRow]) -> None:
    """Insert all answers of one response in one statement.

    On PostgreSQL a single INSERT ... SELECT FROM unnest() of four arrays:
    building sixty model instances costs more than the database work. Other
    databases get Django's bulk_create.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        question_ids, numbers, choices, texts = (
            list(column) for column in zip(*rows, strict=True)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Answer._meta.db_table} "  # noqa: S608 - fixed table name
                "(response_id, question_id, number, choice, text) "
                "SELECT %s, q, n, c, t FROM unnest("
                "%s::bigint[], %s::smallint[], %s::varchar[], %s::text[]) AS a(q, n, c, t)",
                [response_id, question_ids, numbers, choices, texts],
            )
        return
    Answer.objects.bulk_create(
        Answer(response_id=response_id, question_id=q, number=n, choice=c, text=t)
        for q, n, c, t in rows
    )


def _flag_unsafe(response_id: int, rows: list[AnswerRow]) -> None:
    """Flag the open answers that suggest a child may not be safe."""
    flagged = {q for q, _n, _c, text in rows if text and suggests_unsafe(text)}
    if not flagged:
        return
    answer_ids = Answer.objects.filter(
        response_id=response_id, question_id__in=flagged
    ).values_list("pk", flat=True)
    OpenAnswerReview.objects.bulk_create(
        OpenAnswerReview(answer_id=pk, unsafe=True, auto_flagged=True)
        for pk in answer_ids
    )


def survey_submit(
    *, draft: SurveyDraft, token: str, answers: dict | None = None
) -> SubmitResult:
    """Store the survey as one anonymous response, atomically, exactly once.

    ``answers`` are the last page's validated answers. The draft is deleted in
    the same transaction. A second submit of the same token (double click,
    back button, retry) stores nothing and reports ``created=False``.
    """
    questionnaire = draft.questionnaire
    reason = survey_closed_reason(questionnaire.trajectory)
    if reason:
        raise SurveyClosed(reason)
    if not draft.role:
        raise ValueError("A draft needs a role before it can be submitted.")
    _merge(draft, role=None, context=None, answers=answers or {})
    structure = structure_for(questionnaire)
    context = draft.data.get("context", {})
    rows = _answer_rows(structure, draft.role, draft.data.get("answers", {}))
    key = hash_token(token)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire_id=questionnaire.pk,
                role=draft.role,
                other_roles=[
                    r
                    for r in context.get("other_roles", [])
                    if r in ParticipantRole.values and r != draft.role
                ],
                municipality_id=context.get("municipality") or None,
                age_band=context.get("age_band", ""),
                foster_type=context.get("foster_type", ""),
                care_types=context.get("care_types", []),
                submitted_on=timezone.localdate(),
                submission_key=key,
            )
            _insert_answers(response.pk, rows)
            _flag_unsafe(response.pk, rows)
            SurveyDraft.objects.filter(pk=draft.pk).delete()
    except IntegrityError:
        # A concurrent submit of the same token won the race.
        if Response.objects.filter(submission_key=key).exists():
            return SubmitResult(response=None, created=False)
        raise
    return SubmitResult(response=response, created=True)
