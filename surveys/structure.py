"""Read-only, cached view of a questionnaire for the answering pages.

Respondents' pages and the submit path need the questions on every request.
Building them once per questionnaire version (``Questionnaire.version`` goes
up on every edit) keeps those requests at one query for the draft.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from regions.models import ParticipantRole

STANDARD_QUESTIONNAIRE = (
    Path(__file__).resolve().parent / "data" / "standard_questionnaire.json"
)


@lru_cache(maxsize=1)
def standard_questionnaire() -> dict:
    """The questionnaire that ships with the project (data, not code)."""
    return json.loads(STANDARD_QUESTIONNAIRE.read_text(encoding="utf-8"))


def _pick(nl: str, en: str) -> str:
    return en if en and (get_language() or "nl").startswith("en") else nl


@dataclass(frozen=True)
class QuestionView:
    id: int
    key: str
    kind: str
    open_kind: str
    text: str
    text_en: str
    child_text: str
    child_text_en: str
    roles: frozenset[str]
    choices: tuple[tuple[str, str, str], ...]  # (value, label, label_en)

    @property
    def field_name(self) -> str:
        return f"q{self.id}"

    def wording(self, *, child: bool) -> str:
        if child and self.child_text:
            return _pick(self.child_text, self.child_text_en)
        return _pick(self.text, self.text_en)

    def choice_list(self) -> list[tuple[str, str]]:
        return [
            (value, _pick(label, label_en)) for value, label, label_en in self.choices
        ]

    @property
    def choice_values(self) -> frozenset[str]:
        return frozenset(value for value, _label, _label_en in self.choices)


@dataclass(frozen=True)
class ThemeView:
    id: int
    key: str
    title: str
    title_en: str
    child_title: str
    child_title_en: str
    roles: frozenset[str]
    questions: tuple[QuestionView, ...]

    def heading(self, *, child: bool) -> str:
        if child and self.child_title:
            return _pick(self.child_title, self.child_title_en)
        return _pick(self.title, self.title_en)

    def questions_for(self, role: str) -> tuple[QuestionView, ...]:
        return tuple(q for q in self.questions if not q.roles or role in q.roles)


# What the submit needs to check one stored answer: question id, kind and the
# allowed choice values (empty for Likert and open questions).
AnswerSpec = tuple[int, str, frozenset[str]]


@dataclass(frozen=True)
class Structure:
    questionnaire_id: int
    version: int
    themes: tuple[ThemeView, ...]
    _answer_specs: dict[str, dict[str, AnswerSpec]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def themes_for(self, role: str) -> tuple[ThemeView, ...]:
        """Enabled themes that have at least one question for the role."""
        return tuple(
            t
            for t in self.themes
            if (not t.roles or role in t.roles) and t.questions_for(role)
        )

    def questions_by_id(self) -> dict[int, QuestionView]:
        return {q.id: q for t in self.themes for q in t.questions}

    def question_ids_for(self, role: str) -> frozenset[int]:
        return frozenset(
            q.id for t in self.themes_for(role) for q in t.questions_for(role)
        )

    def answer_specs_for(self, role: str) -> dict[str, AnswerSpec]:
        """The questions asked of ``role``, keyed as a draft keys its answers.

        Built once per role and kept with the (cached) structure, so the submit
        checks sixty answers with sixty dictionary look-ups.
        """
        specs = self._answer_specs.get(role)
        if specs is None:
            specs = {
                str(q.id): (q.id, q.kind, q.choice_values)
                for t in self.themes_for(role)
                for q in t.questions_for(role)
            }
            self._answer_specs[role] = specs
        return specs


@lru_cache(maxsize=256)
def _build(questionnaire_id: int, version: int) -> Structure:
    from .models import Question
    from .models import Theme

    themes = list(
        Theme.objects.filter(questionnaire_id=questionnaire_id, enabled=True).order_by(
            "position", "pk"
        )
    )
    questions: dict[int, list[QuestionView]] = {t.pk: [] for t in themes}
    for q in Question.objects.filter(theme__in=[t.pk for t in themes]).order_by(
        "position", "pk"
    ):
        questions[q.theme_id].append(
            QuestionView(
                id=q.pk,
                key=q.key,
                kind=q.kind,
                open_kind=q.open_kind,
                text=q.text,
                text_en=q.text_en,
                child_text=q.child_text,
                child_text_en=q.child_text_en,
                roles=frozenset(q.roles or ()),
                choices=tuple(
                    (str(c.get("value", "")), c.get("label", ""), c.get("label_en", ""))
                    for c in (q.choices or [])
                ),
            )
        )
    return Structure(
        questionnaire_id=questionnaire_id,
        version=version,
        themes=tuple(
            ThemeView(
                id=t.pk,
                key=t.key,
                title=t.title,
                title_en=t.title_en,
                child_title=t.child_title,
                child_title_en=t.child_title_en,
                roles=frozenset(t.roles or ()),
                questions=tuple(questions[t.pk]),
            )
            for t in themes
        ),
    )


def structure_for(questionnaire) -> Structure:
    """The cached structure of this questionnaire at its current version."""
    return _build(questionnaire.pk, questionnaire.version)


def is_child_role(role: str) -> bool:
    return role in ParticipantRole.child_roles()
