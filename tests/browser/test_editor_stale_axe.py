"""The editor's mark for English text to check passes axe on a phone.

The questionnaire has an answer, as in the other editor axe test: the
edit buttons of an open questionnaire's theme headers fail colour contrast
on their own (a known problem outside this mark).
"""

import pytest
from django.urls import reverse

from surveys.models import Question
from surveys.services import questionnaire_get_or_create
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_results import _signed_in_context
from tests.surveys.test_results_helpers import answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_with_a_marked_question_passes_axe_and_fits_a_phone(
    browser, live_server, trajectory
):
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    question = Question.objects.filter(theme__questionnaire=questionnaire).first()
    Question.objects.filter(pk=question.pk).update(english_stale=True)
    answer(questionnaire, "pleegouder", 6, [4, 5])
    context = _signed_in_context(browser, live_server, trajectory)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(
            live_server.url + reverse("surveys:editor", kwargs={"pk": trajectory.pk})
        )
        assert page.get_by_text("Engelse tekst nakijken").first.is_visible()
        assert_no_axe_violations(page, "editor with a marked question")
        assert page.evaluate(
            "document.documentElement.scrollWidth"
            " <= document.documentElement.clientWidth"
        )
    finally:
        context.close()
