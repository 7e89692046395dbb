"""Invitees, their answers, and e-mails that go out once, from Celery only."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from sessions_app.meetings import services
from sessions_app.meetings import tasks
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.selectors import invitee_by_token
from sessions_app.meetings.selectors import meeting_role_counts
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(trajectory):
    return MeetingFactory(trajectory=trajectory, title="Onderwerpkeuze")


def test_an_invitee_is_found_by_the_token_but_only_its_hash_is_stored(meeting):
    invitee = services.invitee_add(meeting=meeting, email=" Anna@Example.org ")

    assert invitee.email == "anna@example.org"
    assert invitee.token not in {invitee.token_hash, invitee.token_nonce}
    assert invitee_by_token(token=invitee.token) == invitee
    assert invitee_by_token(token=invitee.token_hash) is None
    assert invitee_by_token(token="x" * 500) is None


def test_the_same_address_is_not_invited_twice(meeting):
    services.invitee_add(meeting=meeting, email="anna@example.org")

    with pytest.raises(ValidationError) as info:
        services.invitee_add(meeting=meeting, email="ANNA@example.org")

    assert "al uitgenodigd" in info.value.message_dict["email"][0]


def test_pasted_addresses_with_names_separators_and_mistakes(meeting):
    services.invitee_add(meeting=meeting, email="bestaat@example.org")
    text = (
        "Anna de Vries <anna@example.org>\n"
        "bert@example.org; carla@example.org,\n"
        "geen-adres\n"
        "bestaat@example.org\n"
        "bert@example.org\n"
    )

    result = services.invitees_add_from_text(
        meeting=meeting, text=text, role="professional", organisation="Pleegzorg X"
    )

    assert sorted(i.email for i in result.added) == [
        "anna@example.org",
        "bert@example.org",
        "carla@example.org",
    ]
    assert result.invalid == ["geen-adres"]
    assert result.already_invited == ["bestaat@example.org", "bert@example.org"]
    anna = Invitee.objects.get(email="anna@example.org")
    assert (anna.name, anna.role, anna.organisation) == (
        "Anna de Vries",
        "professional",
        "Pleegzorg X",
    )
    assert invitee_by_token(token=anna.token) == anna


def test_contact_data_can_be_corrected(meeting):
    invitee = InviteeFactory(meeting=meeting, email="fout@example.org")

    services.invitee_update(
        invitee=invitee,
        name="Anna",
        email="goed@example.org",
        role="ouder",
        organisation="",
    )

    invitee.refresh_from_db()
    assert (invitee.email, invitee.role) == ("goed@example.org", "ouder")


def test_deleting_contact_data_removes_the_row_and_the_link(meeting):
    invitee = InviteeFactory(meeting=meeting)
    token = invitee.token

    services.invitee_delete(invitee=invitee)

    assert not Invitee.objects.filter(pk=invitee.pk).exists()
    assert invitee_by_token(token=token) is None


def test_an_answer_and_needs_are_saved(meeting):
    invitee = InviteeFactory(meeting=meeting)

    services.invitee_respond(
        invitee=invitee,
        response="yes",
        needs_childcare=True,
        needs_other="Een tolk Arabisch",
    )

    invitee.refresh_from_db()
    assert invitee.response == "yes"
    assert invitee.needs == ["kinderopvang", "Een tolk Arabisch"]
    assert invitee.responded_at is not None


def test_no_answer_after_the_meeting_started(trajectory):
    meeting = MeetingFactory(
        trajectory=trajectory, starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    invitee = InviteeFactory(meeting=meeting)

    with pytest.raises(ValidationError) as info:
        services.invitee_respond(invitee=invitee, response="no")

    assert "al begonnen" in info.value.messages[0]
    invitee.refresh_from_db()
    assert invitee.response == "pending"


def test_attendance_ticks_exactly_the_given_people_and_counts_per_role(meeting):
    anna = InviteeFactory(meeting=meeting, role="pleegouder", response="yes")
    bert = InviteeFactory(meeting=meeting, role="pleegouder", attended=True)
    carla = InviteeFactory(meeting=meeting, role="professional")
    elsewhere = InviteeFactory(role="pleegouder")

    count = services.attendance_update(
        meeting=meeting, present=[anna.pk, carla.pk, elsewhere.pk]
    )

    assert count == 2
    bert.refresh_from_db()
    elsewhere.refresh_from_db()
    assert not bert.attended
    assert not elsewhere.attended
    counts = {row.role: row for row in meeting_role_counts(meeting=meeting)}
    assert (counts["pleegouder"].invited, counts["pleegouder"].present) == (2, 1)
    assert counts["pleegouder"].coming == 1
    assert counts["professional"].present == 1


# Invitations ---------------------------------------------------------------


def test_sending_queues_one_task_per_uninvited_person_after_commit(
    meeting, django_capture_on_commit_callbacks, monkeypatch
):
    InviteeFactory(meeting=meeting)
    InviteeFactory(meeting=meeting)
    InviteeFactory(meeting=meeting, invitation_sent_at=timezone.now())
    queued = []
    monkeypatch.setattr(
        tasks.invitation_email_send_task,
        "apply_async",
        lambda args, **options: queued.append(args[0]),
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = services.invitations_send(meeting=meeting)

    assert count == 2
    assert queued == []  # nothing is sent inside the request
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    assert len(queued) == 2


def test_sending_without_a_date_is_refused(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, starts_at=None)
    InviteeFactory(meeting=meeting)

    with pytest.raises(ValidationError) as info:
        services.invitations_send(meeting=meeting)

    assert "datum en tijd" in info.value.messages[0]


def test_the_invitation_task_sends_once_with_link_and_ics(meeting):
    invitee = InviteeFactory(meeting=meeting, email="anna@example.org")

    assert tasks.invitation_email_send_task(invitee.pk) is True
    assert tasks.invitation_email_send_task(invitee.pk) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.subject == "Uitnodiging: Onderwerpkeuze"
    assert invitee.get_rsvp_url() in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("bijeenkomst.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == "Onderwerpkeuze"
    invitee.refresh_from_db()
    assert invitee.invitation_sent_at is not None


def test_a_child_is_invited_with_je(meeting):
    invitee = InviteeFactory(meeting=meeting, role="pleegkind")

    tasks.invitation_email_send_task(invitee.pk)

    assert "Je bent uitgenodigd" in mail.outbox[0].body


def test_a_failed_send_gives_the_claim_back(meeting, monkeypatch):
    invitee = InviteeFactory(meeting=meeting)

    def fail(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.invitation_email_send(invitee_id=invitee.pk)
    invitee.refresh_from_db()
    assert invitee.invitation_sent_at is None
    monkeypatch.undo()

    assert services.invitation_email_send(invitee_id=invitee.pk) is True
    assert len(mail.outbox) == 1


def test_the_task_of_a_deleted_invitee_does_nothing(meeting):
    invitee = InviteeFactory(meeting=meeting)
    invitee.delete()

    assert tasks.invitation_email_send_task(invitee.pk) is False
    assert mail.outbox == []


# Reminders -----------------------------------------------------------------


def _tomorrow_at(hour):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return dt.datetime.combine(
        tomorrow, dt.time(hour), tzinfo=timezone.get_current_timezone()
    )


def test_reminders_go_to_tomorrows_invited_people_except_those_saying_no(trajectory):
    tomorrow = MeetingFactory(trajectory=trajectory, starts_at=_tomorrow_at(19))
    later = MeetingFactory(
        trajectory=trajectory, starts_at=_tomorrow_at(19) + dt.timedelta(days=1)
    )
    sent = timezone.now()
    yes = InviteeFactory(meeting=tomorrow, response="yes", invitation_sent_at=sent)
    pending = InviteeFactory(meeting=tomorrow, invitation_sent_at=sent)
    InviteeFactory(meeting=tomorrow, response="no", invitation_sent_at=sent)
    InviteeFactory(meeting=tomorrow)  # never invited
    InviteeFactory(meeting=tomorrow, invitation_sent_at=sent, reminder_sent_at=sent)
    InviteeFactory(meeting=later, invitation_sent_at=sent)

    assert sorted(services.reminders_due()) == sorted([yes.pk, pending.pk])


def test_the_reminder_task_sends_once(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, starts_at=_tomorrow_at(10))
    invitee = InviteeFactory(meeting=meeting, invitation_sent_at=timezone.now())

    assert tasks.reminder_email_send_task(invitee.pk) is True
    assert tasks.reminder_email_send_task(invitee.pk) is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Morgen: ")


def test_no_reminder_for_someone_who_said_no_meanwhile(trajectory):
    meeting = MeetingFactory(trajectory=trajectory, starts_at=_tomorrow_at(10))
    invitee = InviteeFactory(
        meeting=meeting, invitation_sent_at=timezone.now(), response="no"
    )

    assert tasks.reminder_email_send_task(invitee.pk) is False
    assert mail.outbox == []


def test_the_scheduled_task_queues_and_sends_reminders_once(trajectory, monkeypatch):
    # Run each queued reminder at once, as a worker would.
    monkeypatch.setattr(
        tasks.reminder_email_send_task,
        "apply_async",
        lambda args, **options: tasks.reminder_email_send_task(*args),
    )
    meeting = MeetingFactory(trajectory=trajectory, starts_at=_tomorrow_at(10))
    InviteeFactory(meeting=meeting, invitation_sent_at=timezone.now())

    assert tasks.reminders_queue_task() == 1
    assert tasks.reminders_queue_task() == 0

    assert len(mail.outbox) == 1


def test_the_reminder_task_is_on_the_beat_schedule(settings):
    tasks_scheduled = {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }

    assert tasks.reminders_queue_task.name in tasks_scheduled


def test_e_mail_text_is_not_html_escaped(trajectory):
    meeting = MeetingFactory(
        trajectory=trajectory, title="Ouders & kinderen", location="Café 't Hoekje"
    )
    invitee = InviteeFactory(meeting=meeting, name="Anne-Sophie O'Neill")

    tasks.invitation_email_send_task(invitee.pk)

    message = mail.outbox[0]
    assert message.subject == "Uitnodiging: Ouders & kinderen"
    assert "Hallo Anne-Sophie O'Neill," in message.body
    assert "Waar: Café 't Hoekje" in message.body
