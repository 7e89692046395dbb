"""A child answers on a phone (390 px): role first, smileys, read-aloud, copy."""

import re

import pytest
from django.urls import reverse

from regions.models import Trajectory
from tests.browser.axe import assert_no_axe_violations
from tests.regions.factories import TrajectoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "nl-NL",
}
# Keeps what the page asks the browser to say, and still says it.
RECORD_SPEECH = """
window.__spoken = [];
if ("speechSynthesis" in window) {
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push({text: u.text, lang: u.lang});
    speak(u);
  };
}
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


def _phone(browser, init_script=""):
    context = browser.new_context(**PHONE)
    if init_script:
        context.add_init_script(init_script)
    return context, context.new_page()


def _fits(page, label):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{label}: {width} px wide"


def _to_first_theme(page, live_server, trajectory):
    page.goto(
        live_server.url
        + reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    )
    page.get_by_role("link", name=re.compile(r"^Pleegkind")).click()
    page.get_by_role("button", name="Ik doe mee").click()
    page.get_by_role("heading", name="Over jou").wait_for()
    page.get_by_role("button", name="Volgende").click()
    page.locator("fieldset.question").first.wait_for()


def test_a_child_chooses_the_role_first_and_gets_smileys_and_read_aloud(
    browser, live_server, open_trajectory
):
    context, page = _phone(browser, RECORD_SPEECH)
    page.goto(
        live_server.url
        + reverse(
            "surveys:start", kwargs={"public_token": open_trajectory.public_token}
        )
    )
    page.get_by_role("heading", name="Vragenlijst over pleegzorg").wait_for()
    assert page.get_by_role("button", name="Beginnen").count() == 0
    _fits(page, "role choice")
    assert_no_axe_violations(page, "role choice")
    page.get_by_role("link", name=re.compile(r"^Pleegkind")).click()
    page.get_by_role("heading", name="Hoe gaat het met pleegzorg?").wait_for()
    assert "10 tot 15" not in page.content()
    _fits(page, "child start")
    assert_no_axe_violations(page, "child start")
    page.get_by_role("button", name="Ik doe mee").click()
    page.get_by_role("heading", name="Over jou").wait_for()
    page.get_by_label("12 t/m 15 jaar").check()
    page.get_by_role("button", name="Volgende").click()
    page.locator("fieldset.question").first.wait_for()

    assert page.evaluate("'speechSynthesis' in window")
    _fits(page, "child theme")
    assert_no_axe_violations(page, "child theme")
    first = page.locator("fieldset.question").first
    faces = first.locator("svg.smiley")
    assert faces.count() == 6
    for index in range(faces.count()):
        assert faces.nth(index).is_visible()
    labels = page.locator(".smiley-option label")
    assert labels.count() >= 6
    for index in range(labels.count()):
        box = labels.nth(index).bounding_box()
        assert box["width"] >= 44, (index, box)
        assert box["height"] >= 44, (index, box)

    read_question = first.get_by_role("button", name="Lees voor")
    assert read_question.is_visible()
    read_page = page.get_by_role("button", name="Lees de hele pagina voor")
    assert read_page.is_visible()
    read_question.click()
    spoken = page.evaluate("window.__spoken")
    legend = first.locator("legend").inner_text()
    assert spoken[-1]["lang"] == "nl-NL"
    assert legend in spoken[-1]["text"]
    assert "Klopt helemaal" in spoken[-1]["text"]
    assert "Lees voor" not in spoken[-1]["text"]
    read_page.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert page.locator("h1").inner_text() in spoken[-1]["text"]
    context.close()


def test_without_speech_synthesis_there_is_no_read_aloud_button(
    browser, live_server, open_trajectory
):
    context, page = _phone(browser, NO_SPEECH)
    _to_first_theme(page, live_server, open_trajectory)
    assert page.locator("svg.smiley").first.is_visible()
    assert page.locator("button[data-read]").count() > 0
    assert page.locator("button[data-read]:visible").count() == 0
    context.close()


def test_the_resume_link_is_copied_by_keyboard_and_announced(
    browser, live_server, open_trajectory
):
    context, page = _phone(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    _to_first_theme(page, live_server, open_trajectory)
    link = page.locator("#resume-link")
    assert link.is_visible()
    url = link.inner_text()
    assert re.search(r"/vragenlijst/[^/]+/$", url)
    box = link.bounding_box()
    assert box["width"] <= 390
    button = page.get_by_role("button", name="Link kopiëren")
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator("#resume-link ~ p .copy-status, .resume-box .copy-status")
    status.first.filter(has_text="gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url
    context.close()


def test_the_summary_of_an_empty_survey_and_the_thanks_page_fit_and_pass_axe(
    browser, live_server, open_trajectory
):
    context, page = _phone(browser)
    _to_first_theme(page, live_server, open_trajectory)
    while "/stap/" in page.url:
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    page.get_by_text("Je hebt nog niets ingevuld").wait_for()
    _fits(page, "empty summary")
    assert_no_axe_violations(page, "empty summary")
    page.locator("table a").first.click()
    page.locator("fieldset.question").first.get_by_text("Klopt", exact=True).click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt voor het invullen!").wait_for()
    assert page.get_by_text("0800-0432").is_visible()
    _fits(page, "child thanks")
    assert_no_axe_violations(page, "child thanks")
    context.close()


def test_a_lost_token_and_a_closed_survey_keep_the_typed_answers(
    browser, live_server, open_trajectory
):
    context, page = _phone(browser)
    _to_first_theme(page, live_server, open_trajectory)
    page.locator(".smiley-option label").nth(1).click()
    context.clear_cookies()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("heading", name="Nog niet opgeslagen").wait_for()
    _fits(page, "token page")
    assert_no_axe_violations(page, "token page")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(re.compile(r".*/stap/2/$"))

    page.goto(page.url.replace("/stap/2/", "/stap/1/"))
    page.locator(".smiley-option label").nth(1).click()
    Trajectory.objects.filter(pk=open_trajectory.pk).update(
        phase=Trajectory.Phase.AFGEROND
    )
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("heading", name="Dit had je ingevuld").wait_for()
    assert page.get_by_text("Klopt", exact=True).first.is_visible()
    _fits(page, "closed page")
    assert_no_axe_violations(page, "closed page")
    context.close()
