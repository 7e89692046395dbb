"""Writes for surveys: the questionnaire copy, drafts and submissions."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import prepared_cursor
from core.db import prepared_fetchone
from regions.models import Municipality
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


def survey_closed_reason(trajectory, *, today=None) -> str | None:
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
#
# The final submit is the busiest request of the whole site: a region's
# respondents send their surveys in the same few evenings. It runs two fixed
# statements, each prepared once per database connection on PostgreSQL: one
# look-up of the draft by its token, and one statement that deletes the draft
# and stores the response with all its answers (and the safety flags), so it
# is atomic without a transaction of its own and stores a survey exactly once.


@dataclass(frozen=True)
class PendingSubmit:
    """What a submit needs of a draft, its questionnaire and its trajectory."""

    draft_id: int
    role: str
    data: dict
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


@dataclass(frozen=True)
class SubmitResult:
    response_id: int | None
    created: bool


@cache
def _pending_query() -> str:
    draft, questionnaire, trajectory = (
        SurveyDraft._meta.db_table,
        Questionnaire._meta.db_table,
        Trajectory._meta.db_table,
    )
    return (
        "SELECT d.id, d.role, d.data, q.id, q.version, t.phase, "  # noqa: S608 - fixed table names
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


def _pending_from_draft(draft: SurveyDraft) -> PendingSubmit:
    questionnaire = draft.questionnaire
    trajectory = questionnaire.trajectory
    return PendingSubmit(
        draft_id=draft.pk,
        role=draft.role,
        data=draft.data or {},
        questionnaire_id=questionnaire.pk,
        questionnaire_version=questionnaire.version,
        phase=trajectory.phase,
        survey_opens_on=trajectory.survey_opens_on,
        survey_closes_on=trajectory.survey_closes_on,
        public_token=trajectory.public_token,
    )


AnswerRow = tuple[int, int | None, str, str]  # question_id, number, choice, text

_LIKERT = Question.Kind.LIKERT.value
_SINGLE = Question.Kind.SINGLE.value
_MULTIPLE = Question.Kind.MULTIPLE.value
_OPEN = Question.Kind.OPEN.value


def _answer_rows(structure: Structure, role: str, answers: dict) -> list[AnswerRow]:
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


def _response_fields(pending: PendingSubmit) -> dict:
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
        f"WITH draft AS (DELETE FROM {draft} WHERE id = %s "  # noqa: S608 - fixed table names
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
    pending: PendingSubmit, fields: dict, key: str, rows: list[AnswerRow]
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
    pending: PendingSubmit, fields: dict, key: str, rows: list[AnswerRow]
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


def survey_submit(
    *, draft: SurveyDraft, token: str, answers: dict | None = None
) -> SubmitResult:
    """Store the survey as one anonymous response, atomically, exactly once.

    ``answers`` are the last page's validated answers. The draft is deleted in
    the same statement. A second submit of the same token (double click,
    back button, retry) stores nothing and reports ``created=False``.
    """
    if answers:
        _merge(draft, role=None, context=None, answers=answers)
    return survey_submit_pending(pending=_pending_from_draft(draft), token=token)
