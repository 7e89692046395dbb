"""A respondent answers the whole survey on a phone, in a real Chromium."""

import re

import pytest
from django.urls import reverse

from regions.models import Trajectory
from surveys.models import Response
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


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


def test_a_foster_parent_answers_the_whole_survey_on_a_phone(
    live_server, phone, open_trajectory
):
    page = phone
    start = reverse(
        "surveys:start", kwargs={"public_token": open_trajectory.public_token}
    )
    page.goto(live_server.url + start)
    page.get_by_role("heading", name="Vragenlijst over pleegzorg").wait_for()
    assert_no_axe_violations(page, "role page")
    page.get_by_role("link", name=re.compile(r"^Pleegouder")).click()

    page.get_by_role("button", name="Beginnen").wait_for()
    assert_no_axe_violations(page, "start page")
    page.get_by_role("button", name="Beginnen").click()

    page.get_by_role("heading", name="Over u").wait_for()
    assert_no_axe_violations(page, "context page")
    municipality = open_trajectory.municipalities.order_by("name").first()
    page.get_by_label("In welke gemeente woont of werkt u?").select_option(
        label=municipality.name
    )
    page.get_by_label("Netwerkpleegouder", exact=False).check()
    page.get_by_role("button", name="Volgende").click()

    pages = 0
    while "/stap/" in page.url:
        pages += 1
        if pages == 1:
            assert_no_axe_violations(page, "first theme page")
        for fieldset in page.locator("fieldset.question").all():
            fieldset.get_by_label("Mee eens", exact=True).check()
        textareas = page.locator("textarea")
        if textareas.count():
            textareas.first.fill("De pleegzorgbegeleider is goed bereikbaar.")
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert pages >= 10

    page.get_by_role("heading", name="Bijna klaar").wait_for()
    assert_no_axe_violations(page, "review page")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt voor het invullen!").wait_for()
    assert_no_axe_violations(page, "thanks page")

    response = Response.objects.get()
    assert response.role == "pleegouder"
    assert response.municipality_id == municipality.pk
    assert response.foster_type == "netwerk"
    assert response.answers.filter(number=4).count() > 30
    assert response.answers.exclude(text="").count() >= 1


def test_a_child_survey_and_the_closed_page_have_no_axe_violations(
    live_server, phone, open_trajectory, region
):
    page = phone
    start = reverse(
        "surveys:start_role",
        kwargs={"public_token": open_trajectory.public_token, "role": "pleegkind"},
    )
    page.goto(live_server.url + start)
    assert_no_axe_violations(page, "child start page")
    page.get_by_role("button", name="Ik doe mee").click()
    page.get_by_role("heading", name="Over jou").wait_for()
    page.get_by_label("12 t/m 15 jaar").check()
    page.get_by_role("button", name="Volgende").click()
    page.locator("fieldset.question").first.wait_for()
    assert page.get_by_text("Kindertelefoon").first.is_visible()
    assert_no_axe_violations(page, "child theme page")

    closed = TrajectoryFactory(region=region, phase=Trajectory.Phase.AFGEROND)
    page.goto(
        live_server.url
        + reverse("surveys:start", kwargs={"public_token": closed.public_token})
    )
    assert_no_axe_violations(page, "closed page")


def test_the_survey_works_by_keyboard_alone(live_server, phone, open_trajectory):
    page = phone
    start = reverse(
        "surveys:start_role",
        kwargs={"public_token": open_trajectory.public_token, "role": "ouder"},
    )
    page.goto(live_server.url + start)
    page.get_by_role("button", name="Beginnen").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Over u").wait_for()
    page.get_by_role("button", name="Volgende").focus()
    page.keyboard.press("Enter")
    page.locator("fieldset.question").first.wait_for()
    first_radio = page.locator("fieldset.question input[type=radio]").first
    first_radio.focus()
    page.keyboard.press("Space")
    assert first_radio.is_checked()
    # Enter in the form submits with the first button, which is "Volgende".
    page.keyboard.press("Enter")
    page.wait_for_url("**/stap/2/")
