"""Reads for meetings and invitees, with their relations selected."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import ParticipantRole
from regions.models import Trajectory

from .models import AgendaItem
from .models import Invitee
from .models import Meeting

TOKEN_MAX_LENGTH = 100


def meeting_list_for_trajectory(*, trajectory: Trajectory) -> QuerySet[Meeting]:
    """The trajectory's meetings in order, with answer counts and facilitators."""
    return (
        Meeting.objects.filter(trajectory=trajectory)
        .annotate(
            invitee_count=Count("invitees"),
            yes_count=Count(
                "invitees", filter=Q(invitees__response=Invitee.Response.YES)
            ),
            maybe_count=Count(
                "invitees", filter=Q(invitees__response=Invitee.Response.MAYBE)
            ),
            no_count=Count(
                "invitees", filter=Q(invitees__response=Invitee.Response.NO)
            ),
        )
        .prefetch_related("facilitators")
        .order_by("position", "pk")
    )


def meeting_for_trajectory(
    *, trajectory: Trajectory, meeting_pk: int
) -> Meeting | None:
    """One meeting of the trajectory with its agenda and facilitators, or None."""
    return (
        Meeting.objects.filter(trajectory=trajectory, pk=meeting_pk)
        .select_related("trajectory__region")
        .prefetch_related(
            "facilitators",
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position")),
        )
        .first()
    )


def meeting_next(*, trajectory: Trajectory) -> Meeting | None:
    """The first planned meeting that has not ended yet."""
    now = timezone.now()
    return (
        Meeting.objects.filter(trajectory=trajectory, starts_at__isnull=False)
        .filter(Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gt=now))
        .order_by("starts_at", "pk")
        .first()
    )


def invitee_list_for_meeting(*, meeting: Meeting) -> QuerySet[Invitee]:
    return Invitee.objects.filter(meeting=meeting).order_by("name", "email")


def invitee_for_meeting(*, meeting: Meeting, invitee_pk: int) -> Invitee | None:
    return Invitee.objects.filter(meeting=meeting, pk=invitee_pk).first()


def invitee_by_token(*, token: str) -> Invitee | None:
    """The invitee whose personal link holds ``token``, with the meeting."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        Invitee.objects.select_related("meeting__trajectory__region")
        .prefetch_related(
            Prefetch(
                "meeting__agenda_items",
                queryset=AgendaItem.objects.order_by("position"),
            )
        )
        .filter(token_hash=Invitee.hash_token(token))
        .first()
    )


@dataclass(frozen=True)
class RoleCount:
    role: str
    label: str
    invited: int
    coming: int
    present: int


def meeting_role_counts(*, meeting: Meeting) -> list[RoleCount]:
    """Per role: how many are invited, said yes and were ticked present.

    For the trajectory's staff, who see every name anyway; one query.
    """
    rows = (
        Invitee.objects.filter(meeting=meeting)
        .values("role")
        .annotate(
            invited=Count("pk"),
            coming=Count("pk", filter=Q(response=Invitee.Response.YES)),
            present=Count("pk", filter=Q(attended=True)),
        )
    )
    by_role = {row["role"]: row for row in rows}
    labels = [(value, str(label)) for value, label in ParticipantRole.choices]
    labels.append(("", _("Rol niet ingevuld")))
    result = []
    for value, label in labels:
        row = by_role.get(value)
        if row is None:
            continue
        result.append(
            RoleCount(
                role=value,
                label=label,
                invited=row["invited"],
                coming=row["coming"],
                present=row["present"],
            )
        )
    return result
