"""Reads for regions and trajectories, with visibility filtering."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet

from .models import Region
from .models import RegionMembership
from .models import Trajectory


def region_list(*, query: str = "") -> QuerySet[Region]:
    """Regions with their municipality counts, optionally searched by name.

    A search matches the region's name, its aliases and the names of its
    municipalities, so "Nijmegen" finds Rijk van Nijmegen.
    """
    regions = Region.objects.annotate(municipality_count=Count("municipalities"))
    query = query.strip()
    if query:
        matching = Region.objects.filter(
            Q(name__icontains=query)
            | Q(aliases__icontains=query)
            | Q(code__iexact=query)
            | Q(municipalities__name__icontains=query)
        ).values("pk")
        regions = regions.filter(pk__in=matching)
    return regions.order_by("name")


def trajectory_list_visible_to(
    *, user, region: Region | None = None
) -> QuerySet[Trajectory]:
    """Trajectories the user may follow, newest first.

    Mirrors ``regions.view_trajectory``: staff see all; a coordinator or
    beleidsmaker sees their regions'; facilitators and assigned beleidsmakers
    see the trajectories they are assigned to.
    """
    trajectories = Trajectory.objects.select_related("region").annotate(
        municipality_count=Count("municipalities", distinct=True)
    )
    if region is not None:
        trajectories = trajectories.filter(region=region)
    if not user.is_authenticated or not user.is_active:
        return trajectories.none()
    if user.is_staff:
        return trajectories.order_by("-created_at")
    member_regions = RegionMembership.objects.filter(user=user).values("region_id")
    visible = trajectories.filter(
        Q(region_id__in=member_regions)
        | Q(
            pk__in=Trajectory.facilitators.through.objects.filter(user=user).values(
                "trajectory_id"
            )
        )
        | Q(
            pk__in=Trajectory.policy_makers.through.objects.filter(user=user).values(
                "trajectory_id"
            )
        )
    )
    return visible.order_by("-created_at")


def regions_managed_by(*, user) -> QuerySet[Region]:
    """Regions in which the user may set up trajectories."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_staff:
        return Region.objects.order_by("name")
    return Region.objects.filter(
        memberships__user=user,
        memberships__role=RegionMembership.Role.COORDINATOR,
    ).order_by("name")


def team_candidates(*, trajectory: Trajectory, everyone: bool = True) -> QuerySet:
    """Users who can be put on the trajectory's team, by name.

    Active users, plus deactivated ones already on the team (so saving the
    team form does not silently drop them). ``is_region_policy_maker`` marks
    the beleidsmakers of the trajectory's region; they come first. Without
    ``everyone`` (a coordinator choosing), only people who already work in
    the trajectory's region are offered: its members, and the team of any of
    its trajectories; nobody sees the names of other regions' people.
    """
    User = get_user_model()
    on_team = Q(
        pk__in=Trajectory.facilitators.through.objects.filter(
            trajectory=trajectory
        ).values("user_id")
    ) | Q(
        pk__in=Trajectory.policy_makers.through.objects.filter(
            trajectory=trajectory
        ).values("user_id")
    )
    candidates = User.objects.filter(Q(is_active=True) | on_team)
    if not everyone:
        in_region = trajectory.region.trajectories.values("pk")
        candidates = candidates.filter(
            on_team
            | Q(
                pk__in=RegionMembership.objects.filter(
                    region_id=trajectory.region_id
                ).values("user_id")
            )
            | Q(
                pk__in=Trajectory.facilitators.through.objects.filter(
                    trajectory__in=in_region
                ).values("user_id")
            )
            | Q(
                pk__in=Trajectory.policy_makers.through.objects.filter(
                    trajectory__in=in_region
                ).values("user_id")
            )
        )
    return candidates.annotate(
        is_region_policy_maker=Exists(
            RegionMembership.objects.filter(
                user=OuterRef("pk"),
                region_id=trajectory.region_id,
                role=RegionMembership.Role.BELEIDSMAKER,
            )
        )
    ).order_by(F("is_region_policy_maker").desc(), "name", "email")


def audit_entries_for(*, trajectory: Trajectory) -> QuerySet:
    """The audit log of one trajectory, newest first.

    Its own changes and those of everything registered with its id (the
    questionnaire, quote reviews, later meetings, rounds and plans), plus the
    memberships of its region.
    """
    from auditlog.models import LogEntry

    return (
        LogEntry.objects.filter(
            Q(additional_data__trajectory_id=trajectory.pk)
            | Q(
                additional_data__region_id=trajectory.region_id,
                content_type__app_label="regions",
                content_type__model="regionmembership",
            )
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
