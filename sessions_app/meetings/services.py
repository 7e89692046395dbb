"""Writes for meetings, their agenda, invitees, invitations and attendance.

Every e-mail goes out from a Celery task, never inside a request: services
that send mail only queue the task with ``transaction.on_commit``; the task
calls ``invitation_email_send`` or ``reminder_email_send``, which claim the
row with a conditional update first, so a second call sends nothing.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from email.utils import getaddresses
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from regions.models import ParticipantRole
from regions.models import Trajectory

from .models import AgendaItem
from .models import Invitee
from .models import Meeting

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MAX_PASTED_ADDRESSES = 500
MAX_MEETINGS = 20


def default_sequence(trajectory_format: str) -> list[tuple[str, str]]:
    """The meetings a new trajectory starts with: (kind, title)."""
    if trajectory_format == Trajectory.Format.DIALOOGTAFEL:
        return [(Meeting.Kind.DIALOOGTAFEL, str(Meeting.Kind.DIALOOGTAFEL.label))]
    return [
        (kind, str(kind.label))
        for kind in (
            Meeting.Kind.KENNISMAKING,
            Meeting.Kind.ONDERWERPKEUZE,
            Meeting.Kind.ACTIEBIJEENKOMST,
        )
    ]


# Meetings ------------------------------------------------------------------


def _lock_meetings(trajectory: Trajectory) -> list[Meeting]:
    """Lock the trajectory row, so two people reordering take turns."""
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    return list(
        Meeting.objects.filter(trajectory=trajectory).order_by("position", "pk")
    )


def _renumber(meetings: list[Meeting]) -> None:
    changed = []
    for index, meeting in enumerate(meetings):
        if meeting.position != index:
            meeting.position = index
            changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["position"])


@transaction.atomic
def meetings_create_defaults(*, trajectory: Trajectory) -> list[Meeting]:
    """Give a trajectory without meetings its default sequence.

    A traject gets kennismaking, onderwerpkeuze and actiebijeenkomst; a
    dialoogtafel its one meeting. A trajectory that has meetings keeps them
    and nothing is added, so calling this twice adds nothing.
    """
    if _lock_meetings(trajectory):
        return []
    meetings = [
        Meeting(trajectory=trajectory, kind=kind, title=title, position=index)
        for index, (kind, title) in enumerate(default_sequence(trajectory.format))
    ]
    for meeting in meetings:
        meeting.full_clean()
    return Meeting.objects.bulk_create(meetings)


@transaction.atomic
def meeting_create(*, trajectory: Trajectory, title: str, kind: str) -> Meeting:
    """Add a meeting at the end of the trajectory's sequence.

    A dialoogtafel has exactly one meeting; a second one is refused.
    """
    meetings = _lock_meetings(trajectory)
    if trajectory.format == Trajectory.Format.DIALOOGTAFEL and meetings:
        raise ValidationError(
            _(
                "Een dialoogtafel heeft één bijeenkomst. Pas die bijeenkomst aan "
                "in plaats van een nieuwe toe te voegen."
            )
        )
    if len(meetings) >= MAX_MEETINGS:
        raise ValidationError(
            _("Een traject heeft hoogstens %(max)s bijeenkomsten.")
            % {"max": MAX_MEETINGS}
        )
    meeting = Meeting(
        trajectory=trajectory,
        title=title.strip(),
        kind=kind,
        position=(max((m.position for m in meetings), default=-1) + 1),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Remove the meeting with its agenda and invitees (their contact data too)."""
    meetings = [m for m in _lock_meetings(meeting.trajectory) if m.pk != meeting.pk]
    Meeting.objects.filter(pk=meeting.pk).delete()
    _renumber(meetings)


@transaction.atomic
def meeting_move(*, meeting: Meeting, direction: str) -> None:
    """Move the meeting one place earlier ("up") or later ("down") in the sequence."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Kies omhoog of omlaag."))
    meetings = _lock_meetings(meeting.trajectory)
    index = next((i for i, m in enumerate(meetings) if m.pk == meeting.pk), None)
    if index is None:
        raise ValidationError(_("Deze bijeenkomst bestaat niet meer."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(meetings):
        raise ValidationError(
            _("Deze bijeenkomst staat al bovenaan.")
            if direction == "up"
            else _("Deze bijeenkomst staat al onderaan.")
        )
    meetings[index], meetings[other] = meetings[other], meetings[index]
    _renumber(meetings)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    kind: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    location: str,
    online_url: str,
    facilitators: Iterable["User"],
    agenda: Iterable[tuple[dt.time, str]],
) -> Meeting:
    """Change a meeting's details and replace its agenda.

    Facilitators must be on the trajectory's team.
    """
    facilitators = list(facilitators)
    team = set(meeting.trajectory.facilitators.values_list("pk", flat=True))
    strangers = sorted(str(user) for user in facilitators if user.pk not in team)
    if strangers:
        raise ValidationError(
            {
                "facilitators": _(
                    "Kies alleen gespreksleiders van dit traject: %(names)s hoort "
                    "daar niet bij."
                )
                % {"names": ", ".join(strangers)}
            }
        )
    meeting.title = title.strip()
    meeting.kind = kind
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.location = location.strip()
    meeting.online_url = online_url.strip()
    meeting.full_clean()
    meeting.save()
    meeting.facilitators.set(facilitators)
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=index, starts_at=time, title=text)
            for index, (time, text) in enumerate(agenda)
        ]
    )
    return meeting


@transaction.atomic
def meeting_notes_update(*, meeting: Meeting, notes: str) -> Meeting:
    """Replace the meeting's notes (written during or after it)."""
    meeting.notes = notes.replace("\x00", "")
    meeting.full_clean()
    meeting.save(update_fields=["notes", "updated_at"])
    return meeting


def trajectory_phase_errors(
    *, trajectory: Trajectory, from_phase: str, to_phase: str
) -> list[str]:
    """Refuse moving forward to "bijeenkomsten" without a planned meeting.

    Registered with ``regions.phases`` in the app's ``ready()``.
    """
    if to_phase != Trajectory.Phase.BIJEENKOMSTEN:
        return []
    if from_phase != Trajectory.Phase.VRAGENLIJST_OPEN:
        return []
    if Meeting.objects.filter(trajectory=trajectory, starts_at__isnull=False).exists():
        return []
    return [
        _(
            "Plan eerst minstens één bijeenkomst: vul bij een bijeenkomst de "
            "datum en tijd in. Daarna kan het traject naar de fase "
            "“Bijeenkomsten”."
        )
    ]


# Invitees ------------------------------------------------------------------


def _new_invitee(**fields) -> Invitee:
    invitee = Invitee(**fields)
    invitee.token_hash = Invitee.hash_token(invitee.token)
    return invitee


def _duplicate_error(email: str) -> ValidationError:
    return ValidationError(
        {
            "email": _("%(email)s is al uitgenodigd voor deze bijeenkomst.")
            % {"email": email}
        }
    )


@transaction.atomic
def invitee_add(
    *,
    meeting: Meeting,
    email: str,
    name: str = "",
    role: str = "",
    organisation: str = "",
) -> Invitee:
    """Add one person to the meeting's invitation list."""
    email = email.strip().lower()
    invitee = _new_invitee(
        meeting=meeting,
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation.strip(),
    )
    if Invitee.objects.filter(meeting=meeting, email=email).exists():
        raise _duplicate_error(email)
    invitee.full_clean()
    try:
        with transaction.atomic():
            invitee.save()
    except IntegrityError as exc:  # added by someone else meanwhile
        raise _duplicate_error(email) from exc
    return invitee


@dataclass
class PasteResult:
    added: list[Invitee] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def parse_addresses(text: str) -> list[tuple[str, str]]:
    """Split pasted text into (name, e-mail) pairs; e-mail may be invalid.

    Accepts one address per line or separated by commas or semicolons, with
    or without a name ("Anna de Vries <anna@example.org>").
    """
    text = text.replace("\x00", "")
    parts = [part.strip() for part in re.split(r"[\n;,]+", text)]
    pairs = []
    for part in parts:
        if not part:
            continue
        parsed = getaddresses([part])
        name, email = parsed[0] if parsed else ("", part)
        if not email or "@" not in email:
            name, email = "", part
        pairs.append((name.strip(), email.strip().lower()))
    return pairs


@transaction.atomic
def invitees_add_from_text(
    *, meeting: Meeting, text: str, role: str = "", organisation: str = ""
) -> PasteResult:
    """Add every valid address in pasted text; report the rest.

    Addresses already on the list are skipped, not changed.
    """
    pairs = parse_addresses(text)
    if len(pairs) > MAX_PASTED_ADDRESSES:
        raise ValidationError(
            _("Plak hoogstens %(max)s adressen tegelijk.")
            % {"max": MAX_PASTED_ADDRESSES}
        )
    if role and role not in ParticipantRole.values:
        raise ValidationError(_("Kies een rol uit de lijst."))
    result = PasteResult()
    existing = set(
        Invitee.objects.filter(meeting=meeting).values_list("email", flat=True)
    )
    new = []
    for name, email in pairs:
        try:
            validate_email(email)
            if len(email) > 254 or len(name) > 150:
                raise ValidationError("too long")
        except ValidationError:
            result.invalid.append(email[:100])
            continue
        if email in existing:
            result.already_invited.append(email)
            continue
        existing.add(email)
        new.append(
            _new_invitee(
                meeting=meeting,
                email=email,
                name=name,
                role=role,
                organisation=organisation.strip()[:150],
            )
        )
    try:
        with transaction.atomic():
            result.added = Invitee.objects.bulk_create(new)
    except IntegrityError as exc:  # someone added the same address meanwhile
        raise ValidationError(
            _("Iemand voegde tegelijk dezelfde adressen toe. Probeer het opnieuw.")
        ) from exc
    return result


@transaction.atomic
def invitee_update(
    *, invitee: Invitee, name: str, email: str, role: str, organisation: str
) -> Invitee:
    """Correct a person's contact data."""
    email = email.strip().lower()
    if (
        Invitee.objects.filter(meeting_id=invitee.meeting_id, email=email)
        .exclude(pk=invitee.pk)
        .exists()
    ):
        raise _duplicate_error(email)
    invitee.name = name.strip()
    invitee.email = email
    invitee.role = role
    invitee.organisation = organisation.strip()
    invitee.full_clean()
    invitee.save()
    return invitee


@transaction.atomic
def invitee_delete(*, invitee: Invitee) -> None:
    """Delete the person and all their contact data and answers for good."""
    Invitee.objects.filter(pk=invitee.pk).delete()


@transaction.atomic
def invitee_respond(
    *,
    invitee: Invitee,
    response: str,
    needs_childcare: bool = False,
    needs_travel_costs: bool = False,
    needs_accessibility: bool = False,
    needs_other: str = "",
) -> Invitee:
    """Save the invitee's answer and needs; they may change it until it starts."""
    invitee = (
        Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    )
    meeting = invitee.meeting
    if meeting.starts_at is not None and meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Deze bijeenkomst is al begonnen. Uw antwoord is niet meer te wijzigen.")
        )
    if response not in (
        Invitee.Response.YES,
        Invitee.Response.MAYBE,
        Invitee.Response.NO,
    ):
        raise ValidationError({"response": _("Kies ja, misschien of nee.")})
    invitee.response = response
    invitee.needs_childcare = needs_childcare
    invitee.needs_travel_costs = needs_travel_costs
    invitee.needs_accessibility = needs_accessibility
    invitee.needs_other = needs_other.replace("\x00", "").strip()
    invitee.responded_at = timezone.now()
    invitee.full_clean()
    invitee.save()
    return invitee


@transaction.atomic
def attendance_update(*, meeting: Meeting, present: Iterable[int]) -> int:
    """Tick exactly these invitees of the meeting as present; return how many."""
    present_ids = set(present)
    invitees = Invitee.objects.filter(meeting=meeting)
    invitees.filter(pk__in=present_ids).update(attended=True)
    invitees.exclude(pk__in=present_ids).update(attended=False)
    return invitees.filter(attended=True).count()


# Invitations and reminders -------------------------------------------------


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
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Deze bijeenkomst is al begonnen; er gaan geen uitnodigingen meer uit.")
        )
    pending = Invitee.objects.filter(
        meeting=meeting, invitation_sent_at__isnull=True
    ).select_for_update()
    ids = list(pending.values_list("pk", flat=True))
    Invitee.objects.filter(pk__in=ids).update(invitation_requested_at=timezone.now())

    def queue():
        from .tasks import invitation_email_send_task

        for pk in ids:
            invitation_email_send_task.delay(pk)

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
    from .tasks import reminder_email_send_task

    ids = reminders_due(now=now)
    for pk in ids:
        reminder_email_send_task.delay(pk)
    return len(ids)
