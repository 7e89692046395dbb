"""Hostile input on the staff forms (meeting, pasted list, attendance): never a 500."""

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sessions_app.meetings.models import Meeting
from tests.sessions_app.factories import MeetingFactory

ANY_TEXT = st.text(max_size=200) | st.sampled_from(
    [
        "",
        "\x00",
        "19:00 Welkom\x00",
        "99:99 Later",
        "2030-02-31",
        "24:00",
        "javascript:alert(1)",
        "<script>",
        "a@b",
        "Anna <anna@example.org>, , ;;\n\x00@x",
        "x" * 300,
    ]
)
MEETING_FIELDS = st.sampled_from(
    [
        "title",
        "kind",
        "date",
        "start_time",
        "end_time",
        "location",
        "online_url",
        "facilitators",
    ]
)
AGENDA_FIELDS = st.sampled_from(
    ["starts_at", "title", "duration_minutes", "description", "ORDER", "DELETE"]
)
AGENDA_VALUES = ANY_TEXT | st.sampled_from(
    ["19:00", "7:05", "23:59", "15", "0", "-1", "601", "1e3", "on", "2", "99999"]
)
PASTE_FIELDS = st.sampled_from(
    ["form", "paste-addresses", "paste-role", "paste-organisation", "one-email"]
)

SETTINGS = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def meeting(trajectory, users_by_role):
    return MeetingFactory(trajectory=trajectory)


def _path(meeting, what):
    return f"/trajecten/{meeting.trajectory_id}/bijeenkomsten/{meeting.pk}/{what}/"


@SETTINGS
@given(data=st.dictionaries(MEETING_FIELDS, ANY_TEXT | st.lists(ANY_TEXT, max_size=3)))
def test_hostile_meeting_forms_never_give_a_500(client_for, meeting, data):
    response = client_for("coordinator").post(_path(meeting, "bewerken"), data)

    assert response.status_code in (302, 400)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def _snapshot(meeting):
    meeting.refresh_from_db()
    items = meeting.agenda_items.values_list(
        "position", "starts_at", "title", "duration_minutes", "description"
    )
    return meeting.title, meeting.location, list(items)


@SETTINGS
@given(
    rows=st.lists(st.dictionaries(AGENDA_FIELDS, AGENDA_VALUES), max_size=6),
    total=st.none() | ANY_TEXT | st.integers(-5, 2000).map(str),
    initial=st.none() | ANY_TEXT | st.integers(-5, 50).map(str),
    title=AGENDA_VALUES,
)
def test_hostile_agenda_formsets_never_give_a_500_nor_half_a_save(
    client_for, meeting, rows, total, initial, title
):
    """Either the meeting and its whole agenda are saved, or nothing changes."""
    import datetime as dt

    meeting.agenda_items.all().delete()
    meeting.agenda_items.create(position=0, starts_at=dt.time(18, 0), title="Oud")
    before = _snapshot(meeting)
    data = {"title": title, "kind": "anders", "location": "Nieuwe plek"}
    if total is not None:
        data["agenda-TOTAL_FORMS"] = total
    if initial is not None:
        data["agenda-INITIAL_FORMS"] = initial
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"agenda-{index}-{name}"] = value

    response = client_for("coordinator").post(_path(meeting, "bewerken"), data)

    assert response.status_code in (302, 400)
    after = _snapshot(meeting)
    if response.status_code == 400:
        assert after == before
    else:
        assert after[1] == "Nieuwe plek"
        assert len(after[2]) <= 40
        assert [position for position, *_rest in after[2]] == list(range(len(after[2])))
        assert all(
            item_title and "\x00" not in item_title
            for *_a, item_title, _d, _e in after[2]
        )


@SETTINGS
@given(data=st.dictionaries(PASTE_FIELDS, ANY_TEXT | st.lists(ANY_TEXT, max_size=3)))
def test_hostile_invitee_lists_never_give_a_500(client_for, meeting, data):
    response = client_for("coordinator").post(_path(meeting, "genodigden"), data)

    assert response.status_code in (302, 400)
    emails = meeting.invitees.values_list("email", flat=True)
    assert all("\x00" not in email and "@" in email for email in emails)


@SETTINGS
@given(present=st.lists(ANY_TEXT | st.integers().map(str), max_size=5))
def test_hostile_attendance_never_gives_a_500(client_for, meeting, present):
    response = client_for("facilitator").post(
        _path(meeting, "aanwezigheid"), {"present": present}
    )

    assert response.status_code == 302
