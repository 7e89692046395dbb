"""The open-answer review page and the quotes page in Chromium: axe finds nothing."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from surveys.services import questionnaire_get_or_create
from tests.browser.axe import assert_no_axe_violations
from tests.surveys.test_review_helpers import TEXTS
from tests.surveys.test_review_helpers import add_response
from tests.surveys.test_review_helpers import make_review_states

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, user):
    """A browser page with the session of ``user`` (from ``force_login``)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


@pytest.fixture
def answers(trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    states = make_review_states(questionnaire)
    for _ in range(5):
        add_response(questionnaire, role="pleegouder")
    return states


def test_the_review_page_has_no_axe_violations(
    browser, live_server, trajectory, users_by_role, answers
):
    context, page = signed_in_page(browser, live_server, users_by_role["facilitator"])
    url = reverse("surveys:open_answer_review", kwargs={"pk": trajectory.pk})
    try:
        page.goto(f"{live_server.url}{url}?toon=alles")
        page.get_by_role("heading", name="Open antwoorden bekijken", level=1).wait_for()
        assert page.locator("blockquote", has_text=TEXTS["unreviewed"]).is_visible()
        page.locator("details summary").first.click()
        assert_no_axe_violations(page, "review page, all answers")

        page.goto(f"{live_server.url}{url}?toon=gemarkeerd")
        page.get_by_role(
            "heading", name="Antwoorden die wijzen op een onveilig kind"
        ).wait_for()
        assert_no_axe_violations(page, "review page, flagged answers")

        page.get_by_role("button", name="Goedkeuren").first.click()
        page.get_by_text("Het antwoord is goedgekeurd.").wait_for()
        assert_no_axe_violations(page, "review page after an action")
    finally:
        context.close()


def test_the_quotes_page_has_no_axe_violations(
    browser, live_server, trajectory, users_by_role, answers
):
    context, page = signed_in_page(browser, live_server, users_by_role["beleidsmaker"])
    try:
        page.goto(
            live_server.url + reverse("surveys:quotes", kwargs={"pk": trajectory.pk})
        )
        page.get_by_role("heading", name="Citaten uit de vragenlijst").wait_for()
        assert page.get_by_text(TEXTS["approved"]).is_visible()
        assert page.get_by_text(TEXTS["unreviewed"]).count() == 0
        assert_no_axe_violations(page, "quotes page")
    finally:
        context.close()
