"""Writes of the answering pages: drafts, and the submit that stores a survey."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.utils import timezone

from core.db import prepared_cursor
from core.tokens import hash_token
from regions.models import Municipality
from regions.models import ParticipantRole

from ..models import Answer
from ..models import OpenAnswerReview
from ..models import Question
from ..models import Questionnaire
from ..models import Response
from ..models import SurveyDraft
from ..safety import suggests_unsafe
from ..services import survey_closed_reason
from ..structure import Structure
from ..structure import structure_for
from .selectors import PendingSubmit

CONTEXT_KEYS = ("other_roles", "municipality", "age_band", "foster_type", "care_types")


class SurveyClosed(Exception):
    """The survey does not take answers now; ``message`` says why, in Dutch."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


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


def _merge(
    draft: SurveyDraft,
    *,
    role: str | None,
    context: dict[str, Any] | None,
    answers: Mapping[Any, object],
) -> None:
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
    context: dict[str, Any] | None = None,
    answers: Mapping[Any, object] | None = None,
) -> SurveyDraft:
    """Store a page of answers (already validated by the page's form).

    ``answers`` are keyed by question id (an int or its string).
    """
    _merge(draft, role=role, context=context, answers=answers or {})
    draft.step = max(0, min(step, 255))
    draft.updated_on = timezone.localdate()
    draft.save(update_fields=["data", "role", "step", "updated_on"])
    return draft


# --- Submitting -----------------------------------------------------------
#
# The final submit is the busiest request of the whole site: a region's
# respondents send their surveys in the same few evenings. It runs two fixed
# statements, each prepared once per database connection on PostgreSQL: one
# look-up of the draft by its token, and one statement that deletes the draft
# and stores the response with all its answers (and the safety flags), so it
# is atomic without a transaction of its own and stores a survey exactly once.


@dataclass(frozen=True)
class SubmitResult:
    response_id: int | None
    created: bool


AnswerRow = tuple[int, int | None, str, str]  # question_id, number, choice, text

_LIKERT = Question.Kind.LIKERT.value
_SINGLE = Question.Kind.SINGLE.value
_MULTIPLE = Question.Kind.MULTIPLE.value
_OPEN = Question.Kind.OPEN.value


def _answer_rows(
    structure: Structure, role: str, answers: dict[str, Any]
) -> list[AnswerRow]:
    """Turn stored draft answers into answer rows, dropping anything not asked."""
    specs = structure.answer_specs_for(role)
    rows: list[AnswerRow] = []
    for key, value in answers.items():
        spec = specs.get(key)
        if spec is None:
            continue
        question_id, kind, choices = spec
        if kind == _LIKERT:
            if type(value) is int and 0 <= value <= 5:
                rows.append((question_id, value, "", ""))
        elif kind == _OPEN:
            text = value.strip()[:2000] if isinstance(value, str) else ""
            if text:
                rows.append((question_id, None, "", text))
        elif kind == _SINGLE:
            if isinstance(value, str) and value in choices:
                rows.append((question_id, None, value, ""))
        elif kind == _MULTIPLE and isinstance(value, list):
            rows.extend(
                (question_id, None, choice, "")
                for choice in dict.fromkeys(v for v in value if isinstance(v, str))
                if choice in choices
            )
    return rows


def _response_fields(pending: PendingSubmit) -> dict[str, Any]:
    context = pending.data.get("context") or {}
    if not isinstance(context, dict):
        context = {}
    municipality = context.get("municipality")
    return {
        "role": pending.role,
        "other_roles": [
            r
            for r in context.get("other_roles") or []
            if r in ParticipantRole.values and r != pending.role
        ],
        "municipality_id": municipality if type(municipality) is int else None,
        "age_band": context.get("age_band") or "",
        "foster_type": context.get("foster_type") or "",
        "care_types": list(context.get("care_types") or []),
        "submitted_on": timezone.localdate(),
    }


@cache
def _store_statement() -> str:
    draft, response, answer, review, municipality = (
        SurveyDraft._meta.db_table,
        Response._meta.db_table,
        Answer._meta.db_table,
        OpenAnswerReview._meta.db_table,
        Municipality._meta.db_table,
    )
    unreviewed = OpenAnswerReview.Status.UNREVIEWED.value
    # Deleting the draft comes first and gates the rest: of two submits of
    # one draft at the same moment, the second waits for the first and then
    # finds nothing to delete, so it stores nothing.
    return (
        f"WITH draft AS (DELETE FROM {draft} WHERE id = %s "  # noqa: S608 - fixed table names  # nosec B608
        "RETURNING questionnaire_id), "
        f"response AS (INSERT INTO {response} (questionnaire_id, role, other_roles, "
        "municipality_id, age_band, foster_type, care_types, submitted_on, "
        "submission_key) SELECT questionnaire_id, %s, %s::jsonb, "
        # A municipality removed since the respondent chose it (a merger in
        # the CBS data) becomes "zeg ik liever niet" rather than an error.
        f"(SELECT id FROM {municipality} WHERE id = %s::bigint), %s, %s, "
        "%s::jsonb, %s::date, %s FROM draft RETURNING id), "
        f"answer AS (INSERT INTO {answer} (response_id, question_id, number, choice, "
        "text) SELECT response.id, (a->>0)::bigint, (a->>1)::smallint, a->>2, a->>3 "
        "FROM response, jsonb_array_elements(%s::jsonb) AS a "
        "RETURNING id, question_id), "
        f"flag AS (INSERT INTO {review} (answer_id, status, edited_text, unsafe, "
        f"auto_flagged) SELECT id, '{unreviewed}', '', true, true FROM answer "
        "WHERE question_id = ANY(%s::bigint[])) "
        "SELECT id FROM response"
    )


def _store_postgresql(
    pending: PendingSubmit, fields: dict[str, Any], key: str, rows: list[AnswerRow]
) -> int | None:
    """Run the one statement; return the new response id, or None if no draft."""
    flagged = sorted({q for q, _n, _c, text in rows if text and suggests_unsafe(text)})
    params = [
        pending.draft_id,
        fields["role"],
        json.dumps(fields["other_roles"]),
        fields["municipality_id"],
        fields["age_band"],
        fields["foster_type"],
        json.dumps(fields["care_types"]),
        fields["submitted_on"],
        key,
        json.dumps(rows),
        flagged,
    ]
    with prepared_cursor() as cursor:
        cursor.execute(_store_statement(), params)
        row = cursor.fetchone()
    return row[0] if row else None


@transaction.atomic
def _store_orm(
    pending: PendingSubmit, fields: dict[str, Any], key: str, rows: list[AnswerRow]
) -> int | None:
    """The same as ``_store_postgresql`` with the ORM, for SQLite."""
    deleted, _by_model = SurveyDraft.objects.filter(pk=pending.draft_id).delete()
    if not deleted:
        return None
    municipality_id = fields["municipality_id"]
    if municipality_id and not Municipality.objects.filter(pk=municipality_id).exists():
        fields = {**fields, "municipality_id": None}
    response = Response.objects.create(
        questionnaire_id=pending.questionnaire_id, submission_key=key, **fields
    )
    answers = Answer.objects.bulk_create(
        Answer(response_id=response.pk, question_id=q, number=n, choice=c, text=t)
        for q, n, c, t in rows
    )
    OpenAnswerReview.objects.bulk_create(
        OpenAnswerReview(answer_id=answer.pk, unsafe=True, auto_flagged=True)
        for answer in answers
        if answer.text and suggests_unsafe(answer.text)
    )
    return response.pk


def _store(pending: PendingSubmit, token: str, rows: list[AnswerRow]) -> SubmitResult:
    fields = _response_fields(pending)
    key = hash_token(token)
    store = _store_postgresql if connection.vendor == "postgresql" else _store_orm
    try:
        # One statement needs no transaction of its own; inside one (a test,
        # or a caller's atomic block) a savepoint keeps a failure contained.
        if connection.in_atomic_block:
            with transaction.atomic():
                response_id = store(pending, fields, key, rows)
        else:
            response_id = store(pending, fields, key, rows)
    except IntegrityError:
        # The same token was stored before.
        if Response.objects.filter(submission_key=key).exists():
            return SubmitResult(response_id=None, created=False)
        raise
    if response_id is None:
        # The draft was gone: a submit of the same survey got there first.
        return SubmitResult(response_id=None, created=False)
    return SubmitResult(response_id=response_id, created=True)


def survey_submit_pending(*, pending: PendingSubmit, token: str) -> SubmitResult:
    """Store a looked-up draft as one anonymous response, atomically, once.

    Raise ``SurveyClosed`` when the survey does not take answers today and
    ``ValueError`` when the draft has no role yet.
    """
    reason = survey_closed_reason(pending)
    if reason:
        raise SurveyClosed(reason)
    if not pending.role:
        raise ValueError("A draft needs a role before it can be submitted.")
    answers = pending.data.get("answers") or {}
    if not isinstance(answers, dict):
        answers = {}
    rows = _answer_rows(structure_for(pending), pending.role, answers)
    return _store(pending, token, rows)
