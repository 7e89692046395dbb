"""Quotes for meetings and the review list: what each may contain."""

import pytest

from surveys.models import Question
from surveys.review.selectors import SHOW_ALL
from surveys.review.selectors import SHOW_FLAGGED
from surveys.review.selectors import SHOW_UNREVIEWED
from surveys.review.selectors import flagged_count
from surveys.review.selectors import quotes_for_meeting
from surveys.review.selectors import review_page
from surveys.review.selectors import roles_shown_with_quotes
from surveys.review.selectors import unreviewed_count
from surveys.services import questionnaire_get_or_create
from tests.regions.factories import MunicipalityFactory
from tests.surveys.test_review_helpers import NEVER_SHOWN
from tests.surveys.test_review_helpers import TEXTS
from tests.surveys.test_review_helpers import add_open_answer
from tests.surveys.test_review_helpers import add_response
from tests.surveys.test_review_helpers import make_review_states
from tests.surveys.test_review_helpers import open_question
from tests.surveys.test_review_helpers import set_review

APPROVED = "approved"


@pytest.fixture
def questionnaire(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


def all_quotes(quotes):
    return [
        quote
        for entry in quotes.values()
        for quote in entry.went_well + entry.could_be_better + entry.other
    ]


def test_quotes_hold_only_approved_and_edited_texts(questionnaire):
    make_review_states(questionnaire)

    texts = {
        q.text for q in all_quotes(quotes_for_meeting(questionnaire=questionnaire))
    }

    assert texts == {TEXTS["approved"], TEXTS["edited"]}
    for state in NEVER_SHOWN:
        assert TEXTS[state] not in texts


def test_quotes_keep_went_well_and_could_be_better_apart_per_theme(questionnaire):
    went_well = open_question(questionnaire, Question.OpenKind.WENT_WELL)
    could_be_better = open_question(
        questionnaire,
        Question.OpenKind.COULD_BE_BETTER,
        theme_key=went_well.theme.key,
    )
    good = add_open_answer(questionnaire, "Goed contact.", question=went_well)
    better = add_open_answer(questionnaire, "Sneller bellen.", question=could_be_better)
    set_review(good, status=APPROVED)
    set_review(better, status=APPROVED)

    quotes = quotes_for_meeting(questionnaire=questionnaire)

    entry = quotes[went_well.theme.key]
    assert [q.text for q in entry.went_well] == ["Goed contact."]
    assert [q.text for q in entry.could_be_better] == ["Sneller bellen."]
    assert entry.other == []
    assert list(quotes) == [
        t.key for t in questionnaire.themes.filter(enabled=True).order_by("position")
    ]


def test_quotes_name_a_role_only_for_a_group_of_five_or_more(questionnaire):
    for index in range(5):
        answer = add_open_answer(questionnaire, f"Pleegouder {index}.")
        set_review(answer, status=APPROVED)
    answer = add_open_answer(questionnaire, "Ouder.", role="ouder")
    set_review(answer, status=APPROVED)
    for _ in range(2):
        add_response(questionnaire, role="ouder")
    for _ in range(2):
        add_response(questionnaire, role="eigen_kind")

    quotes = all_quotes(quotes_for_meeting(questionnaire=questionnaire))

    roles = {quote.text: quote.role_label for quote in quotes}
    assert roles["Pleegouder 0."] == "Pleegouder"
    assert roles["Ouder."] == ""  # 3 ouders: too few to name


def test_a_role_is_unnamed_when_naming_it_would_reveal_a_small_group(questionnaire):
    for _ in range(10):
        add_response(questionnaire, role="pleegouder")
    for _ in range(5):
        add_response(questionnaire, role="professional")
    add_response(questionnaire, role="ouder")

    shown = roles_shown_with_quotes(questionnaire=questionnaire)

    # The lone ouder is hidden; the 5 professionals too, else 16 - 10 - 5 = 1.
    # Then "< 5" and "5 of meer" on the response dashboard would still pin
    # both down (16 - 10 = 6 = 1 + 5), so no role can be named at all.
    assert shown == frozenset()


def test_a_role_is_named_when_the_hidden_rest_is_safe(questionnaire):
    for _ in range(10):
        add_response(questionnaire, role="pleegouder")
    for _ in range(6):
        add_response(questionnaire, role="professional")
    for _ in range(2):
        add_response(questionnaire, role="ouder")
    for _ in range(3):
        add_response(questionnaire, role="eigen_kind")

    shown = roles_shown_with_quotes(questionnaire=questionnaire)

    # 2 and 3 are hidden; their rest of 5 cannot be split into known parts.
    assert shown == frozenset({"pleegouder", "professional"})


def test_a_role_of_five_is_named_when_the_rest_is_safe(questionnaire):
    for _ in range(6):
        add_response(questionnaire, role="pleegouder")
    answer = add_open_answer(questionnaire, "Prima.", role="professional")
    set_review(answer, status=APPROVED)
    for _ in range(4):
        add_response(questionnaire, role="professional")

    (quote,) = all_quotes(quotes_for_meeting(questionnaire=questionnaire))

    assert quote.role_label == "Professional"


def test_quotes_carry_no_municipality(questionnaire, region):
    municipality = MunicipalityFactory(region=region, name="Heumen")
    for _ in range(6):
        answer = add_open_answer(questionnaire, "Fijn.", municipality=municipality)
        set_review(answer, status=APPROVED)

    for quote in all_quotes(quotes_for_meeting(questionnaire=questionnaire)):
        assert "Heumen" not in repr(quote)


def test_quotes_for_meeting_take_two_queries(questionnaire, django_assert_num_queries):
    make_review_states(questionnaire)
    quotes_for_meeting(questionnaire=questionnaire)  # warm the structure cache

    with django_assert_num_queries(2):
        quotes_for_meeting(questionnaire=questionnaire)


def test_counts_of_unreviewed_and_flagged_answers(questionnaire):
    make_review_states(questionnaire)

    # unreviewed + flagged (auto, unreviewed); flagged + flagged_approved.
    assert unreviewed_count(questionnaire=questionnaire) == 2
    assert flagged_count(questionnaire=questionnaire) == 2


@pytest.mark.parametrize(
    ("show", "states"),
    [
        (SHOW_UNREVIEWED, {"unreviewed", "flagged"}),
        (SHOW_FLAGGED, {"flagged", "flagged_approved"}),
        (
            SHOW_ALL,
            {
                "unreviewed",
                "flagged",
                "flagged_approved",
                "hidden",
                "approved",
                "edited_original",
            },
        ),
    ],
)
def test_review_page_filters(questionnaire, show, states):
    answers = make_review_states(questionnaire)

    page = review_page(questionnaire=questionnaire, show=show)

    ids = {
        item.answer_id
        for theme in page.themes
        for group in theme.groups
        for item in group.items
    }
    assert ids == {answers[state].pk for state in states}


def test_review_page_shows_reviewers_the_original_and_the_edited_text(questionnaire):
    answers = make_review_states(questionnaire)

    page = review_page(questionnaire=questionnaire, show=SHOW_ALL)

    items = {
        item.answer_id: item
        for theme in page.themes
        for group in theme.groups
        for item in group.items
    }
    edited = items[answers["edited_original"].pk]
    assert edited.text == TEXTS["edited_original"]
    assert edited.edited_text == TEXTS["edited"]
    assert edited.shown_text == TEXTS["edited"]
    assert items[answers["flagged"].pk].unsafe is True
    assert items[answers["flagged"].pk].auto_flagged is True


def test_without_a_questionnaire_everything_is_empty():
    assert quotes_for_meeting(questionnaire=None) == {}
    assert review_page(questionnaire=None, show=SHOW_ALL).themes == []
    assert unreviewed_count(questionnaire=None) == 0
