"""A coordinator reads the results and presents them, in a real Chromium."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.regions.factories import RegionMembershipFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL"}


@pytest.fixture
def answered_trajectory(trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 8, [1, 2, 4])
    answer(questionnaire, "professional", 7, [4, 5])
    answer(questionnaire, "beleidsmaker", 6, [3, 4, 5])
    answer(questionnaire, "ouder", 2, [2])
    return trajectory


def _signed_in_context(browser, live_server, trajectory, **options):
    user = UserFactory()
    RegionMembershipFactory(user=user, region=trajectory.region, role="coordinator")
    client = Client()
    client.force_login(user)
    context = browser.new_context(**LAPTOP, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.fixture
def coordinator_page(browser, live_server, answered_trajectory):
    context = _signed_in_context(browser, live_server, answered_trajectory)
    page = context.new_page()
    yield page
    context.close()


def test_coordinator_reads_the_results_and_presents_them_by_keyboard(
    live_server, coordinator_page, answered_trajectory
):
    page = coordinator_page
    page.goto(
        live_server.url
        + reverse("surveys:results", kwargs={"pk": answered_trajectory.pk})
    )
    page.get_by_role(
        "heading", name="Resultaten van de vragenlijst", level=1
    ).wait_for()

    table = page.get_by_role("table", name=re.compile("Score per thema en rol"))
    headers = table.locator("thead th").all_inner_texts()
    assert headers == [
        "Thema",
        "Iedereen",
        "Pleegouder",
        "Ouder",
        "Professional",
        "Beleidsmaker",
    ]
    assert table.locator("tbody tr").count() == 15
    assert table.locator("td.score-cell", has_text="te weinig antwoorden").count() >= 1
    # Every theme has a coloured score for everyone, at least.
    coloured = table.locator("td[class*='score-bin-']")
    assert coloured.count() >= 15
    expect(page.get_by_text("Verschil tussen rollen").first).to_be_visible()
    assert_no_axe_violations(page, "results page")

    page.get_by_role("link", name="Presentatie voor de bijeenkomst").click()
    title_slide = page.locator("#dia-1")
    expect(title_slide).to_be_visible()
    expect(
        title_slide.get_by_role("heading", name=answered_trajectory.name)
    ).to_be_visible()
    counter = page.locator(".slide-counter")
    expect(counter).to_have_text("Dia 1 van 17")

    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("Dia 2 van 17")
    expect(page.locator("#dia-2")).to_be_visible()
    expect(title_slide).to_be_hidden()
    assert page.url.endswith("?dia=2")
    assert_no_axe_violations(page, "theme slide")

    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("Dia 1 van 17")
    expect(title_slide).to_be_visible()

    page.keyboard.press("End")
    expect(counter).to_have_text("Dia 17 van 17")
    page.keyboard.press("PageUp")
    expect(counter).to_have_text("Dia 16 van 17")
    page.keyboard.press("Home")
    expect(counter).to_have_text("Dia 1 van 17")
    page.get_by_role("link", name="Volgende").click()
    expect(counter).to_have_text("Dia 2 van 17")


def test_the_slide_links_work_without_javascript(
    browser, live_server, answered_trajectory
):
    context = _signed_in_context(
        browser, live_server, answered_trajectory, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(
        live_server.url
        + reverse("surveys:results_presentation", kwargs={"pk": answered_trajectory.pk})
    )
    page.get_by_role("link", name="Volgende").click()
    page.wait_for_url(re.compile(r"\?dia=2$"))
    expect(page.locator(".slide-counter")).to_have_text("Dia 2 van 17")
    expect(page.locator("#dia-2")).to_be_visible()
    context.close()


def test_a_themes_statements_load_when_opened_and_the_results_lead_on(
    live_server, coordinator_page, answered_trajectory
):
    page = coordinator_page
    page.goto(
        live_server.url
        + reverse("surveys:results", kwargs={"pk": answered_trajectory.pk})
    )
    section = page.locator("#thema-belasting")
    assert section.locator(".statement").count() == 0
    section.locator("summary", has_text="Per stelling").click()
    first = section.locator(".statement svg.chart").first
    expect(first).to_be_visible()
    assert section.locator(".statement").count() >= 3
    assert_no_axe_violations(page, "results page with statements opened")

    page.get_by_role("link", name="Onderwerpen die aandacht vragen").first.click()
    expect(
        page.get_by_role("heading", name="Onderwerpen die aandacht vragen", level=1)
    ).to_be_visible()
    assert_no_axe_violations(page, "topic suggestions")
    page.go_back()
    page.get_by_role("link", name="Vergelijking met het land en met eerder").click()
    expect(
        page.get_by_role(
            "heading", name="Vergelijking met het land en met eerder", level=1
        )
    ).to_be_visible()
    assert_no_axe_violations(page, "comparison")
    page.goto(
        live_server.url
        + reverse(
            "surveys:results_theme",
            kwargs={"pk": answered_trajectory.pk, "key": "belasting"},
        )
    )
    expect(page.locator(".statement svg.chart").first).to_be_visible()
    assert_no_axe_violations(page, "a theme's statements on a page of their own")


def test_without_javascript_a_themes_statements_are_one_link_away(
    browser, live_server, answered_trajectory
):
    context = _signed_in_context(
        browser, live_server, answered_trajectory, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(
        live_server.url
        + reverse("surveys:results", kwargs={"pk": answered_trajectory.pk})
    )
    section = page.locator("#thema-belasting")
    section.locator("summary", has_text="Per stelling").click()
    section.get_by_role("link", name=re.compile("De stellingen van")).click()
    expect(page.locator(".statement svg.chart").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Belasting en overbelasting van pleeggezinnen"
    )
    context.close()
