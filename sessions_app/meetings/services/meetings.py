"""Writes for meetings: the default sequence, adding, ordering, details, notes."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Trajectory

from ..models import AgendaItem
from ..models import Meeting

if TYPE_CHECKING:
    from accounts.models import User

MAX_MEETINGS = 20
MAX_AGENDA_ITEMS = 40


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item to store: a time, a title, optionally how long and more."""

    starts_at: dt.time
    title: str
    duration_minutes: int | None = None
    description: str = ""


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
    agenda: Iterable[AgendaEntry | tuple[dt.time, str]],
) -> Meeting:
    """Change a meeting's details and replace its agenda, all or nothing.

    Facilitators must be on the trajectory's team. ``agenda`` is in the
    order to keep; a plain ``(time, title)`` pair is an item without
    duration or description.
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
    items = [
        AgendaItem(
            meeting=meeting,
            position=index,
            starts_at=entry.starts_at,
            title=entry.title.strip(),
            duration_minutes=entry.duration_minutes,
            description=entry.description.strip(),
        )
        for index, entry in enumerate(
            item if isinstance(item, AgendaEntry) else AgendaEntry(*item)
            for item in agenda
        )
    ]
    if len(items) > MAX_AGENDA_ITEMS:
        raise ValidationError(
            _("Een agenda heeft hoogstens %(max)s onderdelen.")
            % {"max": MAX_AGENDA_ITEMS}
        )
    for item in items:
        item.full_clean(exclude=["meeting"])
    meeting.facilitators.set(facilitators)
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(items)
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
