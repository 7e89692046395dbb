"""Reviewing open answers: each action, idempotence, and what may be shown."""

import pytest
from django.core.exceptions import ValidationError

from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.review.services import ReviewAction
from surveys.review.services import open_answer_review
from surveys.services import questionnaire_get_or_create
from tests.accounts.factories import UserFactory
from tests.surveys.test_review_helpers import add_open_answer
from tests.surveys.test_review_helpers import add_response
from tests.surveys.test_review_helpers import set_review

Status = OpenAnswerReview.Status


@pytest.fixture
def questionnaire(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


@pytest.fixture
def reviewer(db):
    return UserFactory(name="Fenna Gespreksleider")


@pytest.fixture
def answer(questionnaire):
    return add_open_answer(questionnaire, "Wij krijgen snel antwoord van Petra.")


def review(answer, action, reviewer, edited_text=""):
    return open_answer_review(
        answer=answer, action=action, edited_text=edited_text, reviewer=reviewer
    )


def test_approve_shows_the_original_text_and_records_the_reviewer(answer, reviewer):
    result = review(answer, ReviewAction.APPROVE, reviewer)

    result.refresh_from_db()
    assert result.status == Status.APPROVED
    assert result.shown_text == "Wij krijgen snel antwoord van Petra."
    assert result.reviewed_by == reviewer
    assert result.reviewed_at is not None


def test_edit_shows_the_edited_text_instead_of_the_original(answer, reviewer):
    result = review(
        answer,
        ReviewAction.EDIT,
        reviewer,
        edited_text="  Wij krijgen snel antwoord.\r\n",
    )

    result.refresh_from_db()
    assert result.status == Status.EDITED
    assert result.shown_text == "Wij krijgen snel antwoord."
    answer.refresh_from_db()
    assert answer.text == "Wij krijgen snel antwoord van Petra."


def test_hide_shows_nothing(answer, reviewer):
    result = review(answer, ReviewAction.HIDE, reviewer)

    assert result.status == Status.HIDDEN
    assert result.shown_text is None


def test_flag_keeps_an_approved_answer_from_being_shown(answer, reviewer):
    review(answer, ReviewAction.APPROVE, reviewer)
    result = review(answer, ReviewAction.FLAG, reviewer)

    result.refresh_from_db()
    assert result.unsafe is True
    assert result.status == Status.APPROVED
    assert result.shown_text is None


@pytest.mark.parametrize("status", [Status.APPROVED, Status.EDITED])
def test_approving_or_editing_an_unsafe_answer_never_shows_it(answer, reviewer, status):
    set_review(answer, unsafe=True, auto_flagged=True)
    action = ReviewAction.APPROVE if status == Status.APPROVED else ReviewAction.EDIT

    result = review(answer, action, reviewer, edited_text="Wij krijgen antwoord.")

    assert result.status == status
    assert result.unsafe is True
    assert result.shown_text is None


def test_clearing_an_automatic_flag_is_recorded(answer, reviewer):
    set_review(answer, unsafe=True, auto_flagged=True)

    result = review(answer, ReviewAction.UNFLAG, reviewer)

    result.refresh_from_db()
    assert result.unsafe is False
    assert result.auto_flagged is True
    assert result.reviewed_by == reviewer
    assert result.reviewed_at is not None
    # Cleared but not approved: still not shown.
    assert result.status == Status.UNREVIEWED
    assert result.shown_text is None


@pytest.mark.parametrize(
    ("action", "edited_text"),
    [
        (ReviewAction.APPROVE, ""),
        (ReviewAction.EDIT, "Wij krijgen snel antwoord."),
        (ReviewAction.HIDE, ""),
        (ReviewAction.FLAG, ""),
        (ReviewAction.UNFLAG, ""),
    ],
)
def test_repeating_an_action_changes_nothing(answer, reviewer, action, edited_text):
    if action == ReviewAction.UNFLAG:
        set_review(answer, unsafe=True, auto_flagged=True)
    first = review(answer, action, reviewer, edited_text)
    first.refresh_from_db()
    other = UserFactory()

    second = review(answer, action, other, edited_text)

    second.refresh_from_db()
    assert OpenAnswerReview.objects.filter(answer=answer).count() == 1
    assert second.reviewed_by == reviewer
    assert second.reviewed_at == first.reviewed_at
    assert (second.status, second.edited_text, second.unsafe) == (
        first.status,
        first.edited_text,
        first.unsafe,
    )


def test_unflagging_an_answer_without_a_review_stores_nothing(answer, reviewer):
    review(answer, ReviewAction.UNFLAG, reviewer)

    assert not OpenAnswerReview.objects.filter(answer=answer).exists()


@pytest.mark.parametrize(
    "edited_text",
    ["", "   \n ", "Tekst met een \x00 nulteken", "x" * 2001],
    ids=["empty", "blank", "null-byte", "too-long"],
)
def test_an_unusable_edited_text_is_refused_and_nothing_is_stored(
    answer, reviewer, edited_text
):
    with pytest.raises(ValidationError):
        review(answer, ReviewAction.EDIT, reviewer, edited_text)

    assert not OpenAnswerReview.objects.filter(answer=answer).exists()


def test_an_unknown_action_is_refused(answer, reviewer):
    with pytest.raises(ValidationError):
        review(answer, "publish", reviewer)

    assert not OpenAnswerReview.objects.filter(answer=answer).exists()


def test_a_likert_answer_cannot_be_reviewed(questionnaire, reviewer):
    response = add_response(questionnaire)
    likert = questionnaire.themes.first().questions.filter(kind="likert").first()
    answer = Answer.objects.create(response=response, question=likert, number=4)

    with pytest.raises(ValidationError):
        review(answer, ReviewAction.APPROVE, reviewer)


def test_each_action_leaves_the_flag_and_status_independent(answer, reviewer):
    review(answer, ReviewAction.FLAG, reviewer)
    review(answer, ReviewAction.HIDE, reviewer)
    result = review(answer, ReviewAction.UNFLAG, reviewer)

    assert (result.status, result.unsafe) == (Status.HIDDEN, False)
    assert result.auto_flagged is False
