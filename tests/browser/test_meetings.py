"""Meeting and invitation pages in a real Chromium: axe-core and a phone RSVP."""

import pytest
from django.urls import reverse

from sessions_app.meetings.models import Invitee
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_results import _signed_in_context
from tests.browser.test_survey import PHONE
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, title="Onderwerpkeuze")
    meeting.agenda_items.create(position=0, starts_at="19:00", title="Welkom")
    InviteeFactory(meeting=meeting, response="yes", needs_childcare=True)
    InviteeFactory(meeting=meeting, role="professional", organisation="Pleegzorg X")
    return meeting


@pytest.mark.parametrize(
    "name",
    [
        "meetings:meeting_list",
        "meetings:meeting_detail",
        "meetings:meeting_update",
        "meetings:meeting_delete",
        "meetings:invitee_list",
        "meetings:invitee_update",
        "meetings:invitee_delete",
        "meetings:attendance",
    ],
)
def test_meeting_pages_have_no_axe_violations(browser, live_server, meeting, name):
    kwargs = {"pk": meeting.trajectory_id}
    if name != "meetings:meeting_list":
        kwargs["meeting_pk"] = meeting.pk
    if name.startswith("meetings:invitee_") and name != "meetings:invitee_list":
        kwargs["invitee_pk"] = meeting.invitees.first().pk
    context = _signed_in_context(browser, live_server, meeting.trajectory)
    page = context.new_page()
    page.goto(live_server.url + reverse(name, kwargs=kwargs))
    assert_no_axe_violations(page, name)
    context.close()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("role", ["pleegouder", "pleegkind"])
def test_an_invitee_answers_on_a_phone(browser, live_server, meeting, role):
    invitee = InviteeFactory(meeting=meeting, role=role, name="Sam")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + invitee.get_rsvp_url())
    assert_no_axe_violations(page, "rsvp page")
    assert _fits(page), "the RSVP page is wider than a 390 px phone"

    # Sending without an answer: a Dutch message, the typed text kept.
    page.get_by_label("Wat", exact=False).last.fill("Een tolk, graag")
    page.get_by_role("button").last.click()
    page.get_by_text("Kies ja, misschien of nee.").wait_for()
    assert page.get_by_label("Wat", exact=False).last.input_value() == (
        "Een tolk, graag"
    )
    assert_no_axe_violations(page, "rsvp page with errors")
    assert _fits(page)

    page.get_by_label("Ja, ik kom").check()
    page.get_by_label("Kinderopvang").check()
    page.get_by_role("button").last.click()
    page.get_by_text("antwoord is opgeslagen").wait_for()
    assert_no_axe_violations(page, "rsvp page answered")
    assert _fits(page)
    invitee = Invitee.objects.get(pk=invitee.pk)
    assert invitee.response == "yes"
    assert invitee.needs_childcare
    assert invitee.needs_other == "Een tolk, graag"
    context.close()


def test_the_agenda_is_edited_row_by_row_on_a_phone_with_the_keyboard(
    browser, live_server, meeting
):
    """Add rows, reorder and remove without JavaScript; Dutch errors keep the text."""
    from tests.browser.test_results import _signed_in_context as signed_in

    context = signed_in(browser, live_server, meeting.trajectory)
    page = context.new_page()
    page.set_viewport_size(PHONE["viewport"])
    path = reverse(
        "meetings:meeting_update",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk},
    )
    page.goto(live_server.url + path)
    assert_no_axe_violations(page, "meeting form")
    assert _fits(page), "the meeting form is wider than a 390 px phone"

    # The second block (a spare row): a title without a time.
    page.locator("#id_agenda-1-title").fill("Uitslag vragenlijst")
    page.locator("#id_agenda-1-duration_minutes").fill("20")
    page.locator("#id_agenda-1-ORDER").fill("1")
    page.locator("#id_agenda-0-ORDER").fill("2")  # "Welkom" after it
    page.locator("#id_agenda-1-title").press("Enter")  # Enter saves
    page.get_by_text("Vul de tijd in, zoals 19:00.").wait_for()
    assert page.locator("#id_agenda-1-title").input_value() == "Uitslag vragenlijst"
    assert_no_axe_violations(page, "meeting form with errors")
    assert _fits(page)

    page.locator("#id_agenda-1-starts_at").fill("19:15")
    page.get_by_role("button", name="Meer regels voor de agenda").click()
    page.locator("#id_agenda-3-title").wait_for()
    assert page.locator("#id_agenda-0-title").input_value() == "Uitslag vragenlijst"
    page.locator("#id_agenda-1-DELETE").check()  # "Welkom" goes
    page.locator("#id_agenda-2-starts_at").fill("20:00")
    page.locator("#id_agenda-2-title").fill("Stemmen")
    page.get_by_role("button", name="Bijeenkomst opslaan").click()
    page.get_by_text("De bijeenkomst is opgeslagen.").wait_for()
    assert [(i.title, i.duration_minutes) for i in meeting.agenda_items.all()] == [
        ("Uitslag vragenlijst", 20),
        ("Stemmen", None),
    ]
    context.close()
