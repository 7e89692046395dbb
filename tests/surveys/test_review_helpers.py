"""Shared builders for the open-answer review and export tests (no tests here).

The file name matches ``test_review*.py`` so it lives beside the tests that
use it; pytest collects it and finds nothing to run.
"""

from __future__ import annotations

import itertools

from django.utils import timezone

from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Response
from surveys.structure import structure_for

_keys = itertools.count(1)


def open_question(
    questionnaire: Questionnaire,
    open_kind: str = Question.OpenKind.WENT_WELL,
    *,
    role: str = "pleegouder",
    theme_key: str | None = None,
) -> Question:
    """The first open question of a kind asked to ``role`` (optionally in a theme)."""
    for theme in structure_for(questionnaire).themes:
        if theme_key and theme.key != theme_key:
            continue
        for q in theme.questions:
            if q.kind == "open" and q.open_kind == open_kind and role in q.roles:
                return Question.objects.get(pk=q.id)
    raise AssertionError(f"no {open_kind} question for {role}")


def add_response(
    questionnaire: Questionnaire,
    *,
    role: str = "pleegouder",
    municipality=None,
    submitted_on=None,
    **fields,
) -> Response:
    return Response.objects.create(
        questionnaire=questionnaire,
        role=role,
        municipality=municipality,
        submitted_on=submitted_on or timezone.localdate(),
        submission_key=f"review-test-{next(_keys):052d}",
        **fields,
    )


def add_open_answer(
    questionnaire: Questionnaire,
    text: str,
    *,
    role: str = "pleegouder",
    open_kind: str = Question.OpenKind.WENT_WELL,
    question: Question | None = None,
    response: Response | None = None,
    municipality=None,
) -> Answer:
    question = question or open_question(questionnaire, open_kind, role=role)
    response = response or add_response(
        questionnaire, role=role, municipality=municipality
    )
    return Answer.objects.create(response=response, question=question, text=text)


def set_review(
    answer: Answer,
    *,
    status: str = OpenAnswerReview.Status.UNREVIEWED,
    edited_text: str = "",
    unsafe: bool = False,
    auto_flagged: bool = False,
) -> OpenAnswerReview:
    return OpenAnswerReview.objects.create(
        answer=answer,
        status=status,
        edited_text=edited_text,
        unsafe=unsafe,
        auto_flagged=auto_flagged,
    )


# Texts of each review state; each says which state it is in, so a test can
# look for the word on a page.
TEXTS = {
    "unreviewed": "Nog-niet-bekeken tekst over de begeleider Jansen.",
    "flagged": "Mijn pleegvader slaat mij soms, ik ben bang voor hem.",
    "flagged_approved": "Goedgekeurd maar onveilig: opgesloten in mijn kamer.",
    "hidden": "Verborgen tekst met het adres Dorpsstraat 12.",
    "approved": "De pleegzorgbegeleider is altijd goed bereikbaar.",
    "edited_original": "Onze begeleider Karin de Vries helpt ons enorm.",
    "edited": "Onze begeleider helpt ons enorm.",
}


def make_review_states(questionnaire: Questionnaire, *, role="pleegouder") -> dict:
    """One open answer per review state; returns ``{state: answer}``."""
    answers = {
        key: add_open_answer(questionnaire, text, role=role)
        for key, text in TEXTS.items()
        if key != "edited"
    }
    set_review(answers["flagged"], unsafe=True, auto_flagged=True)
    set_review(
        answers["flagged_approved"],
        status=OpenAnswerReview.Status.APPROVED,
        unsafe=True,
    )
    set_review(answers["hidden"], status=OpenAnswerReview.Status.HIDDEN)
    set_review(answers["approved"], status=OpenAnswerReview.Status.APPROVED)
    set_review(
        answers["edited_original"],
        status=OpenAnswerReview.Status.EDITED,
        edited_text=TEXTS["edited"],
    )
    return answers


NEVER_SHOWN = ("unreviewed", "flagged", "flagged_approved", "hidden", "edited_original")
