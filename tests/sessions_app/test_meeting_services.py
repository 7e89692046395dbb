"""Meetings of a trajectory: the default sequence, adding, ordering, the phase check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from regions.models import Trajectory
from regions.services import trajectory_move_phase
from sessions_app.meetings import services
from sessions_app.meetings.models import Meeting
from tests.accounts.factories import UserFactory
from tests.regions.factories import TrajectoryFactory
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = pytest.mark.django_db

Phase = Trajectory.Phase


def titles(trajectory):
    return list(
        Meeting.objects.filter(trajectory=trajectory)
        .order_by("position")
        .values_list("title", flat=True)
    )


def test_a_traject_gets_three_default_meetings_in_order(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)

    assert titles(trajectory) == [
        "Kennismaking",
        "Onderwerpkeuze",
        "Actiebijeenkomst",
    ]


def test_a_dialoogtafel_gets_one_default_meeting(region):
    trajectory = TrajectoryFactory(region=region, format=Trajectory.Format.DIALOOGTAFEL)

    services.meetings_create_defaults(trajectory=trajectory)

    assert titles(trajectory) == ["Dialoogtafel"]


def test_defaults_are_not_added_twice(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)

    assert services.meetings_create_defaults(trajectory=trajectory) == []
    assert len(titles(trajectory)) == 3


def test_a_new_meeting_goes_to_the_end(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)

    services.meeting_create(trajectory=trajectory, title=" Terugkom ", kind="anders")

    assert titles(trajectory)[-1] == "Terugkom"


def test_a_dialoogtafel_refuses_a_second_meeting(region):
    trajectory = TrajectoryFactory(region=region, format=Trajectory.Format.DIALOOGTAFEL)
    services.meetings_create_defaults(trajectory=trajectory)

    with pytest.raises(ValidationError) as info:
        services.meeting_create(trajectory=trajectory, title="Nog een", kind="anders")

    assert "één bijeenkomst" in info.value.messages[0]
    assert titles(trajectory) == ["Dialoogtafel"]


def test_an_unknown_kind_is_refused(trajectory):
    with pytest.raises(ValidationError):
        services.meeting_create(trajectory=trajectory, title="X", kind="feest")


def test_moving_a_meeting_up_swaps_it_with_the_one_before(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)
    last = Meeting.objects.get(trajectory=trajectory, title="Actiebijeenkomst")

    services.meeting_move(meeting=last, direction="up")

    assert titles(trajectory) == ["Kennismaking", "Actiebijeenkomst", "Onderwerpkeuze"]


def test_the_first_meeting_cannot_move_up(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)
    first = Meeting.objects.get(trajectory=trajectory, title="Kennismaking")

    with pytest.raises(ValidationError) as info:
        services.meeting_move(meeting=first, direction="up")

    assert info.value.messages == ["Deze bijeenkomst staat al bovenaan."]


def test_deleting_a_meeting_closes_the_gap_and_removes_its_invitees(trajectory):
    services.meetings_create_defaults(trajectory=trajectory)
    middle = Meeting.objects.get(trajectory=trajectory, title="Onderwerpkeuze")
    InviteeFactory(meeting=middle)

    services.meeting_delete(meeting=middle)

    assert list(
        Meeting.objects.filter(trajectory=trajectory).values_list("position", flat=True)
    ) == [0, 1]
    assert not middle.invitees.exists()


def test_update_sets_times_agenda_and_facilitators(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, starts_at=None)
    fenna = UserFactory()
    trajectory.facilitators.add(fenna)
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)

    services.meeting_update(
        meeting=meeting,
        title="Onderwerpkeuze",
        kind="onderwerpkeuze",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        location="Het Huis, Nijmegen",
        online_url="",
        facilitators=[fenna],
        agenda=[(dt.time(19, 0), "Welkom"), (dt.time(19, 15), "Uitslag")],
    )

    meeting.refresh_from_db()
    assert meeting.starts_at == starts
    assert [str(item) for item in meeting.agenda_items.all()] == [
        "19:00 Welkom",
        "19:15 Uitslag",
    ]
    assert list(meeting.facilitators.all()) == [fenna]


@pytest.mark.parametrize(
    "bad",
    [
        services.AgendaEntry(dt.time(20, 0), "x" * 201),
        services.AgendaEntry(dt.time(20, 0), "Stemmen", duration_minutes=0),
        services.AgendaEntry(dt.time(20, 0), "Stemmen", description="x" * 1001),
    ],
)
def test_an_invalid_agenda_item_saves_nothing_at_all(trajectory, bad):
    meeting = MeetingFactory(trajectory=trajectory, title="Oud", location="Oud")
    meeting.agenda_items.create(position=0, starts_at=dt.time(18, 0), title="Oud")

    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting,
            title="Nieuw",
            kind="anders",
            starts_at=None,
            ends_at=None,
            location="Nieuw",
            online_url="",
            facilitators=[],
            agenda=[services.AgendaEntry(dt.time(19, 0), "Welkom"), bad],
        )

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.title, meeting.location) == ("Oud", "Oud")
    assert [item.title for item in meeting.agenda_items.all()] == ["Oud"]


def test_update_refuses_a_facilitator_from_outside_the_team(trajectory):
    meeting = MeetingFactory(trajectory=trajectory)
    stranger = UserFactory(name="Stan Vreemd")

    with pytest.raises(ValidationError) as info:
        services.meeting_update(
            meeting=meeting,
            title="X",
            kind="anders",
            starts_at=None,
            ends_at=None,
            location="",
            online_url="",
            facilitators=[stranger],
            agenda=[],
        )

    assert "Stan Vreemd" in info.value.message_dict["facilitators"][0]


def test_the_end_must_lie_after_the_start(trajectory):
    meeting = MeetingFactory(trajectory=trajectory)

    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting,
            title="X",
            kind="anders",
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at - dt.timedelta(hours=1),
            location="",
            online_url="",
            facilitators=[],
            agenda=[],
        )


def test_notes_are_saved_without_nul_bytes(trajectory):
    meeting = MeetingFactory(trajectory=trajectory)

    services.meeting_notes_update(meeting=meeting, notes="Afspraak\x00: koffie")

    meeting.refresh_from_db()
    assert meeting.notes == "Afspraak: koffie"


def test_bijeenkomsten_phase_needs_a_planned_meeting(trajectory):
    trajectory.phase = Phase.VRAGENLIJST_OPEN
    trajectory.save()
    MeetingFactory(trajectory=trajectory, starts_at=None)

    with pytest.raises(ValidationError) as info:
        trajectory_move_phase(trajectory=trajectory, to_phase=Phase.BIJEENKOMSTEN)

    assert "Plan eerst minstens één bijeenkomst" in info.value.messages[0]
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VRAGENLIJST_OPEN


def test_bijeenkomsten_phase_opens_with_a_planned_meeting(trajectory):
    trajectory.phase = Phase.VRAGENLIJST_OPEN
    trajectory.save()
    MeetingFactory(trajectory=trajectory)

    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.BIJEENKOMSTEN)

    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.BIJEENKOMSTEN


def test_a_planned_meeting_of_another_trajectory_does_not_count(
    trajectory, other_trajectory
):
    trajectory.phase = Phase.VRAGENLIJST_OPEN
    trajectory.save()
    MeetingFactory(trajectory=other_trajectory)

    with pytest.raises(ValidationError):
        trajectory_move_phase(trajectory=trajectory, to_phase=Phase.BIJEENKOMSTEN)


def test_stepping_back_to_bijeenkomsten_needs_no_check(trajectory):
    trajectory.phase = Phase.ACTIEPLAN
    trajectory.save()

    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.BIJEENKOMSTEN)

    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.BIJEENKOMSTEN
