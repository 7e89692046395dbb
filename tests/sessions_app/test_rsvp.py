"""The invitee's personal link: answer, needs, .ics; hostile input never a 500."""

import datetime as dt

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from icalendar import Calendar

from sessions_app.meetings.models import Invitee
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitee(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, title="Onderwerpkeuze")
    return InviteeFactory(meeting=meeting, name="Anna de Vries")


def rsvp_url(invitee):
    return reverse("meetings:rsvp", kwargs={"token": invitee.token})


def test_the_page_greets_the_invitee_and_shows_the_meeting(client, invitee):
    response = client.get(rsvp_url(invitee))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hallo Anna de Vries," in page
    assert "Laat u hieronder weten of u komt?" in page
    assert "Onderwerpkeuze" in page


def test_a_child_is_spoken_to_with_je(client, trajectory):
    child = InviteeFactory(
        meeting=MeetingFactory(trajectory=trajectory), role="pleegkind"
    )

    page = client.get(rsvp_url(child)).content.decode()

    assert "Laat je hieronder weten of je komt?" in page
    assert "Kom je?" in page


def test_answering_saves_and_thanks(client, invitee):
    response = client.post(
        rsvp_url(invitee),
        {
            "response": "maybe",
            "needs_travel_costs": "on",
            "needs_other": "Ik kom met de rolstoelbus",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Dank u wel! Uw antwoord is opgeslagen."
    ]
    invitee.refresh_from_db()
    assert invitee.response == "maybe"
    assert invitee.needs_travel_costs
    assert invitee.needs_other == "Ik kom met de rolstoelbus"
    assert "Uw antwoord nu:" in response.content.decode()


def test_a_missing_answer_keeps_the_typed_text(client, invitee):
    response = client.post(rsvp_url(invitee), {"needs_other": "Een tolk, graag"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies ja, misschien of nee." in page
    assert "Een tolk, graag</textarea>" in page
    invitee.refresh_from_db()
    assert invitee.response == "pending"


def test_too_long_text_is_refused_in_dutch_and_kept(client, invitee):
    text = "a" * 1001

    response = client.post(rsvp_url(invitee), {"response": "yes", "needs_other": text})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf hoogstens 1000 tekens. U schreef er 1001." in page
    assert text in page


def test_after_the_start_the_answer_cannot_change(client, trajectory):
    meeting = MeetingFactory(
        trajectory=trajectory, starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    invitee = InviteeFactory(meeting=meeting)

    response = client.post(rsvp_url(invitee), {"response": "no"})

    assert response.status_code == 400
    assert "Deze bijeenkomst is al begonnen." in response.content.decode()


def test_the_ics_file_holds_the_meeting(client, invitee):
    response = client.get(reverse("meetings:rsvp_ics", kwargs={"token": invitee.token}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == invitee.meeting.starts_at
    assert str(event["location"]) == "Buurthuis De Linde, Nijmegen"
    assert invitee.get_rsvp_url() in str(event["description"])


def test_no_ics_for_a_meeting_without_a_date(client, trajectory):
    invitee = InviteeFactory(
        meeting=MeetingFactory(trajectory=trajectory, starts_at=None)
    )

    response = client.get(reverse("meetings:rsvp_ics", kwargs={"token": invitee.token}))

    assert response.status_code == 404


def test_the_stored_hash_is_not_a_working_link(client, invitee):
    response = client.get(
        reverse("meetings:rsvp", kwargs={"token": invitee.token_hash})
    )

    assert response.status_code == 404


ANY_TEXT = st.text(max_size=300) | st.sampled_from(
    [
        "",
        "yes",
        "YES",
        "pending",
        "\x00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "🙂" * 400,
        "a" * 1001,
    ]
)
FIELDS = st.sampled_from(
    [
        "response",
        "needs_childcare",
        "needs_travel_costs",
        "needs_accessibility",
        "needs_other",
        "csrfmiddlewaretoken",
    ]
) | st.text(max_size=20)


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.dictionaries(FIELDS, ANY_TEXT | st.lists(ANY_TEXT, max_size=3)))
def test_hostile_answers_never_give_a_500(client, invitee, data):
    before = Invitee.objects.get(pk=invitee.pk)

    response = client.post(rsvp_url(invitee), data)

    assert response.status_code in (302, 400)
    after = Invitee.objects.get(pk=invitee.pk)
    if response.status_code == 400:
        page = response.content.decode()
        assert "Kies ja, misschien of nee." in page or "Schrijf hoogstens" in page
        # Refused: nothing of the answer is saved, not even the needs.
        assert model_to_dict(after) == model_to_dict(before)
        typed = data.get("needs_other")
        if isinstance(typed, str) and typed.strip() and "\x00" not in typed:
            # What the person typed is shown again (escaped), not lost.
            from django.utils.html import escape

            assert escape(typed.strip()) in page
    else:
        assert after.response in ("yes", "maybe", "no")
        assert "\x00" not in after.needs_other


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(token=st.text(min_size=1, max_size=300).filter(lambda t: "/" not in t))
def test_hostile_tokens_are_a_plain_404(client, invitee, token):
    before = list(Invitee.objects.values())
    for name in ("meetings:rsvp", "meetings:rsvp_ics"):
        path = reverse(name, kwargs={"token": token})
        assert client.get(path).status_code == 404
    path = reverse("meetings:rsvp", kwargs={"token": token})
    assert client.post(path, {"response": "yes", "needs_other": "x"}).status_code == 404
    assert list(Invitee.objects.values()) == before


@pytest.fixture
def back_to_dutch():
    """An English request leaves its thread in English; later tests expect Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_invitation_page_is_in_english_after_the_switch(
    client, invitee, back_to_dutch
):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(rsvp_url(invitee)).content.decode()

    assert "Will you come?" in page
    assert "Yes, I will come" in page
    assert "Add the meeting to your calendar (.ics)" in page
