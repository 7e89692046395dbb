"""Meeting pages: wiring, messages, the trajectory page, and no N+1 queries."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regions.models import Trajectory
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def url(name, meeting, **extra):
    return reverse(
        name, kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk, **extra}
    )


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


@pytest.fixture
def meeting(trajectory, users_by_role):
    return MeetingFactory(trajectory=trajectory, title="Onderwerpkeuze")


def test_the_defaults_button_creates_the_sequence(coordinator, trajectory):
    response = coordinator.post(
        reverse("meetings:meeting_defaults", kwargs={"pk": trajectory.pk}),
        follow=True,
    )

    assert _messages(response) == ["De standaardbijeenkomsten staan klaar."]
    assert [m.title for m in response.context["meetings"]] == [
        "Kennismaking",
        "Onderwerpkeuze",
        "Actiebijeenkomst",
    ]


def test_adding_a_second_meeting_to_a_dialoogtafel_shows_a_dutch_error(
    coordinator, region, users_by_role
):
    trajectory = Trajectory.objects.create(
        region=region, name="Tafel", format=Trajectory.Format.DIALOOGTAFEL
    )
    MeetingFactory(trajectory=trajectory)

    response = coordinator.post(
        reverse("meetings:meeting_create", kwargs={"pk": trajectory.pk}),
        {"title": "Nog een", "kind": "anders"},
    )

    assert response.status_code == 400
    assert "Een dialoogtafel heeft één bijeenkomst" in response.content.decode()


def agenda_data(rows: list[dict], initial: int = 0) -> dict:
    """The agenda formset's POST data for ``rows`` (field name -> value)."""
    data = {
        "agenda-TOTAL_FORMS": str(len(rows)),
        "agenda-INITIAL_FORMS": str(initial),
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "40",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"agenda-{index}-{name}"] = value
    return data


def test_the_update_form_plans_the_meeting_with_its_agenda(coordinator, meeting):
    date = timezone.localdate() + dt.timedelta(days=10)

    response = coordinator.post(
        url("meetings:meeting_update", meeting),
        {
            "title": "Onderwerpkeuze",
            "kind": "onderwerpkeuze",
            "date": date.isoformat(),
            "start_time": "19:00",
            "end_time": "21:30",
            "location": "De Linde",
            "online_url": "",
            **agenda_data(
                [
                    {"starts_at": "20:30", "title": "Stemmen", "ORDER": "3"},
                    {
                        "starts_at": "19:00",
                        "title": "Welkom",
                        "duration_minutes": "15",
                        "description": "Koffie en thee",
                        "ORDER": "1",
                    },
                    {"starts_at": "", "title": "", "ORDER": ""},  # a spare row
                    {"starts_at": "19:15", "title": "Uitslag", "ORDER": "2"},
                    {"starts_at": "21:00", "title": "Weg", "DELETE": "on"},
                ]
            ),
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).time() == dt.time(19, 0)
    assert timezone.localtime(meeting.ends_at).time() == dt.time(21, 30)
    items = list(meeting.agenda_items.all())
    assert [(i.position, i.title) for i in items] == [
        (0, "Welkom"),
        (1, "Uitslag"),
        (2, "Stemmen"),
    ]
    assert (items[0].duration_minutes, items[0].description) == (15, "Koffie en thee")
    assert (items[1].duration_minutes, items[1].description) == (None, "")


def test_the_agenda_form_shows_the_items_with_spare_rows(coordinator, meeting):
    meeting.agenda_items.create(
        position=0, starts_at=dt.time(19, 0), title="Welkom", duration_minutes=10
    )

    response = coordinator.get(url("meetings:meeting_update", meeting))

    agenda = response.context["agenda"]
    assert len(agenda.forms) == 3  # the item and two spare rows
    html = response.content.decode()
    assert 'name="agenda-0-title"' in html
    assert 'value="Welkom"' in html
    assert 'name="agenda-0-ORDER"' in html
    assert 'name="agenda-0-DELETE"' in html
    assert "Volgorde" in html
    assert "Verwijderen" in html


def test_more_rows_keeps_what_was_typed_and_saves_nothing(coordinator, meeting):
    response = coordinator.post(
        url("meetings:meeting_update", meeting),
        {
            "title": "Nieuwe naam",
            "kind": "anders",
            "add_rows": "1",
            **agenda_data(
                [
                    {"starts_at": "19:00", "title": "Welkom", "ORDER": "2"},
                    {"starts_at": "18:30", "title": "Inloop", "ORDER": "1"},
                ]
            ),
        },
    )

    assert response.status_code == 200
    agenda = response.context["agenda"]
    assert len(agenda.forms) == 4
    assert [f.initial.get("title") for f in agenda.forms[:2]] == ["Inloop", "Welkom"]
    html = response.content.decode()
    assert 'value="Nieuwe naam"' in html
    assert "alert-danger" not in html
    meeting.refresh_from_db()
    assert meeting.title != "Nieuwe naam"
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"title": "Welkom"}, "starts_at", "Vul de tijd in, zoals 19:00."),
        ({"starts_at": "25:00", "title": "Laat"}, "starts_at", "zoals 19:00"),
        ({"starts_at": "19:00"}, "title", "Schrijf wat er dan gebeurt."),
        (
            {"starts_at": "19:00", "title": "X", "duration_minutes": "0"},
            "duration_minutes",
            "Vul minstens 1 minuut in",
        ),
        (
            {"starts_at": "19:00", "title": "X", "duration_minutes": "tien"},
            "duration_minutes",
            "Vul een aantal minuten in",
        ),
    ],
)
def test_agenda_mistakes_are_explained_in_dutch_and_keep_what_was_typed(
    coordinator, meeting, row, field, message
):
    meeting.agenda_items.create(position=0, starts_at=dt.time(18, 0), title="Oud")
    response = coordinator.post(
        url("meetings:meeting_update", meeting),
        {"title": "Nieuw", "kind": "anders", **agenda_data([row])},
    )

    assert response.status_code == 400
    form = response.context["agenda"].forms[0]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    for value in row.values():
        assert f'value="{value}"' in html
    meeting.refresh_from_db()
    assert meeting.title != "Nieuw"
    assert [i.title for i in meeting.agenda_items.all()] == ["Oud"]


def test_an_agenda_has_at_most_forty_items(coordinator, meeting):
    rows = [{"starts_at": "19:00", "title": f"Punt {n}"} for n in range(41)]
    response = coordinator.post(
        url("meetings:meeting_update", meeting),
        {"title": "X", "kind": "anders", **agenda_data(rows)},
    )

    assert response.status_code == 400
    assert "hoogstens 40 onderdelen" in response.content.decode()
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_time": "19:00"}, "date", "Vul ook de datum in."),
        (
            {"date": "2030-01-01", "start_time": "19:00", "end_time": "18:00"},
            "end_time",
            "De eindtijd moet na de begintijd liggen.",
        ),
        ({"date": "2030-02-31", "start_time": "19:00"}, "date", "geldige datum"),
    ],
)
def test_the_update_form_explains_mistakes_in_dutch(
    coordinator, meeting, data, field, message
):
    response = coordinator.post(
        url("meetings:meeting_update", meeting),
        {"title": "X", "kind": "anders", **agenda_data([]), **data},
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])


def test_moving_and_deleting_from_the_list(coordinator, trajectory):
    first = MeetingFactory(trajectory=trajectory, title="Eerste", position=0)
    second = MeetingFactory(trajectory=trajectory, title="Tweede", position=1)

    coordinator.post(url("meetings:meeting_move", second), {"direction": "up"})
    coordinator.post(url("meetings:meeting_delete", first))

    assert list(Meeting.objects.filter(trajectory=trajectory)) == [second]
    second.refresh_from_db()
    assert second.position == 0


def test_a_facilitator_writes_notes_but_cannot_edit_the_meeting(client_for, meeting):
    client = client_for("facilitator")

    response = client.post(
        url("meetings:meeting_notes", meeting), {"notes": "Goede sfeer."}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Goede sfeer."
    assert client.get(url("meetings:meeting_update", meeting)).status_code == 404


def test_adding_one_invitee_and_a_pasted_list(coordinator, meeting):
    list_url = url("meetings:invitee_list", meeting)
    coordinator.post(
        list_url,
        {
            "form": "one",
            "one-name": "Anna",
            "one-email": "anna@example.org",
            "one-role": "pleegouder",
            "one-organisation": "",
        },
        follow=True,
    )

    response = coordinator.post(
        list_url,
        {
            "form": "paste",
            "paste-addresses": "bert@example.org\nanna@example.org\nkapot@",
            "paste-role": "professional",
            "paste-organisation": "",
        },
    )

    assert response.status_code == 400
    assert set(meeting.invitees.values_list("email", flat=True)) == {
        "anna@example.org",
        "bert@example.org",
    }
    page = response.content.decode()
    assert "Deze adressen kloppen niet: kapot@" in page
    assert _messages(response) == [
        "1 adres toegevoegd.",
        "1 adres stond al op de lijst.",
    ]
    # The wrong address stays in the box to be fixed.
    assert response.context["paste_form"]["addresses"].value() == "kapot@"


def test_sending_invitations_queues_tasks_and_sends_nothing_in_the_request(
    coordinator, meeting, django_capture_on_commit_callbacks, monkeypatch
):
    from sessions_app.meetings import tasks

    InviteeFactory(meeting=meeting)
    queued = []
    monkeypatch.setattr(
        tasks.invitation_email_send_task,
        "apply_async",
        lambda args, **options: queued.append(args[0]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url("meetings:invitations_send", meeting))

    assert response.status_code == 302
    assert len(queued) == 1
    assert mail.outbox == []


def test_correcting_and_deleting_contact_data(client_for, meeting):
    client = client_for("facilitator")
    invitee = InviteeFactory(meeting=meeting, email="oud@example.org")

    client.post(
        url("meetings:invitee_update", meeting, invitee_pk=invitee.pk),
        {"name": "Nieuw", "email": "nieuw@example.org", "role": "", "organisation": ""},
    )
    invitee.refresh_from_db()
    assert invitee.email == "nieuw@example.org"

    response = client.post(
        url("meetings:invitee_delete", meeting, invitee_pk=invitee.pk)
    )
    assert response.status_code == 302
    assert not Invitee.objects.filter(pk=invitee.pk).exists()


def test_an_invitee_of_another_meeting_is_not_found(coordinator, meeting):
    elsewhere = InviteeFactory()

    response = coordinator.get(
        url("meetings:invitee_update", meeting, invitee_pk=elsewhere.pk)
    )

    assert response.status_code == 404


def test_a_meeting_of_another_trajectory_is_not_found(coordinator, trajectory):
    elsewhere = MeetingFactory()

    response = coordinator.get(
        reverse(
            "meetings:meeting_detail",
            kwargs={"pk": trajectory.pk, "meeting_pk": elsewhere.pk},
        )
    )

    assert response.status_code == 404


def test_attendance_is_ticked_and_counted_per_role(client_for, meeting):
    client = client_for("facilitator")
    anna = InviteeFactory(meeting=meeting, role="pleegouder")
    InviteeFactory(meeting=meeting, role="pleegouder")

    response = client.post(
        url("meetings:attendance", meeting),
        {"present": [str(anna.pk), "niet-een-getal", "9" * 30, "²", "-1"]},
        follow=True,
    )

    assert _messages(response) == ["Opgeslagen: 1 persoon aanwezig."]
    row = response.context["role_counts"][0]
    assert (row.label, row.invited, row.present) == ("Pleegouder", 2, 1)


# The trajectory page ---------------------------------------------------------


def test_the_trajectory_page_shows_the_next_meeting(client_for, trajectory):
    MeetingFactory(
        trajectory=trajectory,
        title="Geweest",
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    MeetingFactory(
        trajectory=trajectory,
        title="Later",
        starts_at=timezone.now() + dt.timedelta(days=30),
    )
    MeetingFactory(
        trajectory=trajectory,
        title="Binnenkort",
        starts_at=timezone.now() + dt.timedelta(days=3),
    )

    page = client_for("beleidsmaker").get(trajectory.get_absolute_url())

    html = page.content.decode()
    assert "Volgende bijeenkomst: <strong>Binnenkort</strong>" in html
    # Beleidsmakers see the date, not the link to the contact data.
    assert reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk}) not in html


def test_the_trajectory_page_says_when_nothing_is_planned(client_for, trajectory):
    page = client_for("coordinator").get(trajectory.get_absolute_url())

    html = page.content.decode()
    assert "Er is nog geen bijeenkomst gepland." in html
    assert reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk}) in html


# Queries -----------------------------------------------------------------------


def _queries(client, path, django_assert_max_num_queries):
    client.get(path)  # warm caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["invitee_list", "attendance", "meeting_detail"])
def test_meeting_pages_query_the_same_at_two_sizes(
    coordinator, trajectory, name, django_assert_max_num_queries
):
    small = MeetingFactory(trajectory=trajectory)
    large = MeetingFactory(trajectory=trajectory)
    InviteeFactory.create_batch(2, meeting=small)
    InviteeFactory.create_batch(30, meeting=large)

    counts = [
        _queries(coordinator, url(f"meetings:{name}", m), django_assert_max_num_queries)
        for m in (small, large)
    ]

    assert counts[0] == counts[1]


def test_the_meeting_list_queries_the_same_at_two_sizes(coordinator, region):
    counts = []
    for size in (2, 12):
        trajectory = Trajectory.objects.create(region=region, name=f"T{size}")
        for _ in range(size):
            meeting = MeetingFactory(trajectory=trajectory)
            InviteeFactory(meeting=meeting)
        path = reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk})
        counts.append(_queries(coordinator, path, None))

    assert counts[0] == counts[1]


def test_the_phase_button_explains_that_a_meeting_must_be_planned(
    coordinator, trajectory
):
    trajectory.phase = Trajectory.Phase.VRAGENLIJST_OPEN
    trajectory.save()

    response = coordinator.post(
        reverse("regions:trajectory_phase", kwargs={"pk": trajectory.pk}),
        {"phase": Trajectory.Phase.BIJEENKOMSTEN},
        follow=True,
    )

    assert _messages(response) == [
        "Plan eerst minstens één bijeenkomst: vul bij een bijeenkomst de datum en "
        "tijd in. Daarna kan het traject naar de fase “Bijeenkomsten”."
    ]
    trajectory.refresh_from_db()
    assert trajectory.phase == Trajectory.Phase.VRAGENLIJST_OPEN


def test_too_long_notes_are_refused_and_kept(client_for, meeting):
    notes = "n" * 20_001

    response = client_for("facilitator").post(
        url("meetings:meeting_notes", meeting), {"notes": notes}
    )

    assert response.status_code == 400
    assert notes in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == ""


def test_the_meeting_page_shows_each_items_duration_and_description(
    coordinator, meeting
):
    meeting.agenda_items.create(
        position=0,
        starts_at=dt.time(19, 0),
        title="Welkom",
        duration_minutes=15,
        description="Koffie <en> thee",
    )

    html = coordinator.get(url("meetings:meeting_detail", meeting)).content.decode()

    assert "(15 minuten)" in html
    assert "Koffie &lt;en&gt; thee" in html
