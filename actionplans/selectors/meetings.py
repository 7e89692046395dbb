"""The trajectory's meetings, for the plan's PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models import Q
from django.utils import timezone

from regions.models import Trajectory


@dataclass
class MeetingSummary:
    title: str
    held_on: date | None
    participants: int | None  # None: hidden by the small-group rule


def plan_meetings(*, trajectory: Trajectory) -> list[MeetingSummary]:
    """The trajectory's planned meetings and how many people attended each.

    One query. A meeting with 1 to 4 attendees shows no number (the
    small-group rule); attendance is what facilitators ticked.
    """

    from core.protection import threshold
    from sessions_app.meetings.models import Meeting

    meetings = (
        Meeting.objects.filter(trajectory=trajectory, starts_at__isnull=False)
        .annotate(present=Count("invitees", filter=Q(invitees__attended=True)))
        .order_by("starts_at", "position")
    )
    limit = threshold()
    return [
        MeetingSummary(
            title=meeting.title,
            held_on=timezone.localtime(meeting.starts_at).date(),
            participants=None if 0 < meeting.present < limit else meeting.present,
        )
        for meeting in meetings
    ]
