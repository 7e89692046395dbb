"""Invitation and reminder e-mails, and the meeting as an .ics file.

Every e-mail goes out from a Celery task, never inside a request:
``invitations_send`` only queues the task with ``transaction.on_commit``; the
task calls ``invitation_email_send`` or ``reminder_email_send``, which claim
the row with a conditional update first, so a second call sends nothing.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import Invitee
from ..models import Meeting

logger = logging.getLogger(__name__)


@transaction.atomic
def invitations_send(*, meeting: Meeting) -> int:
    """Queue an invitation e-mail for everyone on the list not yet invited.

    Returns how many were queued. The e-mails are sent by Celery after the
    transaction commits; pressing the button twice queues each person once
    more at most, and the task's claim makes sure it is sent once.
    """
    if not meeting.is_planned:
        raise ValidationError(
            _(
                "Vul eerst de datum en tijd van de bijeenkomst in. Daarna kunt u "
                "de uitnodigingen versturen."
            )
        )
    if meeting.starts_at is None or meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Deze bijeenkomst is al begonnen; er gaan geen uitnodigingen meer uit.")
        )
    pending = Invitee.objects.filter(
        meeting=meeting, invitation_sent_at__isnull=True
    ).select_for_update()
    ids = list(pending.values_list("pk", flat=True))
    Invitee.objects.filter(pk__in=ids).update(invitation_requested_at=timezone.now())

    def queue():
        from ..tasks import invitation_email_send_task

        for pk in ids:
            # Nobody reads the result: no result-store subscription in a request.
            invitation_email_send_task.apply_async((pk,), ignore_result=True)

    transaction.on_commit(queue)
    return len(ids)


def meeting_ics(*, meeting: Meeting, invitee: Invitee | None = None) -> bytes:
    """The meeting as an iCalendar file (one VEVENT)."""
    from icalendar import Calendar
    from icalendar import Event

    calendar = Calendar()
    calendar.add("prodid", "-//Het goede gesprek//goedgesprek//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@goedgesprek")
    event.add("dtstamp", timezone.now())
    event.add("summary", meeting.title)
    if meeting.starts_at:
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
    location = meeting.location or meeting.online_url
    if location:
        event.add("location", location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    lines = [
        f"{item.starts_at:%H:%M} {item.title}" for item in meeting.agenda_items.all()
    ]
    if invitee is not None:
        lines.append("")
        lines.append(
            pgettext("ics", "Uw antwoord doorgeven of wijzigen: %(url)s")
            % {"url": site_url(invitee.get_rsvp_url())}
        )
    if lines:
        event.add("description", "\n".join(lines))
    calendar.add_component(event)
    return calendar.to_ical()


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _claim(invitee_id: int, field_name: str, **extra) -> bool:
    claimed = Invitee.objects.filter(
        pk=invitee_id, **{f"{field_name}__isnull": True}, **extra
    ).update(**{field_name: timezone.now()})
    return claimed == 1


def _release(invitee_id: int, field_name: str) -> None:
    Invitee.objects.filter(pk=invitee_id).update(**{field_name: None})


def _send(invitee: Invitee, *, template: str) -> None:
    meeting = invitee.meeting
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitee": invitee,
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.all()),
            "link": site_url(invitee.get_rsvp_url()),
        }
        subject = render_to_string(
            f"sessions_app/meetings/email/{template}_subject.txt", context
        )
        body = render_to_string(
            f"sessions_app/meetings/email/{template}_message.txt", context
        )
        message = EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            to=[invitee.email],
        )
        message.attach(
            "bijeenkomst.ics",
            meeting_ics(meeting=meeting, invitee=invitee),
            "text/calendar",
        )
        message.send()


def invitation_email_send(*, invitee_id: int) -> bool:
    """Send the invitation once; return whether this call sent it.

    The row is claimed by setting ``invitation_sent_at`` only where it is
    still empty; whoever claims it sends. A failed send gives the claim back,
    so a retry can send.
    """
    if not _claim(invitee_id, "invitation_sent_at"):
        return False
    invitee = Invitee.objects.select_related("meeting").filter(pk=invitee_id).first()
    if invitee is None:
        return False
    try:
        _send(invitee, template="invitation")
    except Exception:
        _release(invitee_id, "invitation_sent_at")
        raise
    logger.info("Sent the invitation of invitee %s", invitee_id)
    return True


def reminder_email_send(*, invitee_id: int) -> bool:
    """Send the day-before reminder once; return whether this call sent it.

    Nobody who said no gets one, and nobody who never got the invitation.
    """
    if not _claim(
        invitee_id,
        "reminder_sent_at",
        invitation_sent_at__isnull=False,
        response__in=[
            Invitee.Response.YES,
            Invitee.Response.MAYBE,
            Invitee.Response.PENDING,
        ],
    ):
        return False
    invitee = Invitee.objects.select_related("meeting").filter(pk=invitee_id).first()
    if invitee is None:
        return False
    try:
        _send(invitee, template="reminder")
    except Exception:
        _release(invitee_id, "reminder_sent_at")
        raise
    logger.info("Sent the reminder of invitee %s", invitee_id)
    return True


def reminders_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of invitees to remind now: their meeting starts tomorrow (local date)."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return list(
        Invitee.objects.filter(
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            invitation_sent_at__isnull=False,
            reminder_sent_at__isnull=True,
        )
        .exclude(response=Invitee.Response.NO)
        .values_list("pk", flat=True)
    )


def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue a reminder task for everyone due; return how many were queued."""
    from ..tasks import reminder_email_send_task

    ids = reminders_due(now=now)
    for pk in ids:
        reminder_email_send_task.apply_async((pk,), ignore_result=True)
    return len(ids)
