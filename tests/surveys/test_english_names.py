"""Theme, role and question names follow the language on the staff pages.

The topic suggestions, the comparison, the open-answer review and the
quotes are read by staff in English too: no Dutch name may stay behind.
"""

import pytest
from django.urls import reverse

from surveys.models import OpenAnswerReview
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.surveys.results.test_stats import make_responses
from tests.surveys.test_review_helpers import add_open_answer
from tests.surveys.test_review_helpers import add_response
from tests.surveys.test_review_helpers import set_review
from tests.test_i18n import switch_to

THEME = "samenwerking_professionals"
PAGES = ["topic_suggestions", "comparison", "open_answer_review", "quotes"]


@pytest.fixture
def english_staff(client_for, trajectory):
    """Staff in English, on a trajectory whose roles see a theme differently."""
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    structure = structure_for(questionnaire)
    theme = next(t for t in structure.themes if t.key == THEME)
    for role, value in (("pleegouder", 2), ("professional", 5)):
        ids = [q.id for q in theme.questions_for(role) if q.kind == "likert"]
        make_responses(questionnaire, role, {i: [value] * 6 for i in ids})
    open_question = next(
        q for q in theme.questions_for("pleegouder") if q.kind == "open"
    )
    for index in range(5):
        answer = add_open_answer(
            questionnaire,
            f"Goed contact {index}.",
            question=questionnaire.themes.get(key=THEME).questions.get(
                pk=open_question.id
            ),
            response=add_response(questionnaire, role="pleegouder"),
        )
        set_review(answer, status=OpenAnswerReview.Status.APPROVED)
    client = client_for("staff")
    switch_to(client, "en")
    return client, theme, open_question


@pytest.mark.parametrize("name", PAGES)
def test_theme_and_role_names_are_english(english_staff, trajectory, name):
    client, theme, open_question = english_staff

    url = reverse(f"surveys:{name}", kwargs={"pk": trajectory.pk})
    page = client.get(url, {"toon": "alles"} if name == "open_answer_review" else {})

    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="en">' in content
    assert theme.title_en in content
    assert theme.title not in content
    for dutch in ("Pleegouder", "pleegouders", "Professionals geven"):
        assert dutch not in content
    if name == "open_answer_review":
        assert open_question.text_en in content
        assert open_question.text not in content
    if name in ("topic_suggestions", "open_answer_review", "quotes"):
        assert "oster parent" in content
