"""Predicates for regions and trajectories: one question each."""

import rules

from accounts.predicates import is_nvp_staff
from accounts.predicates import is_signed_in

from .models import Region
from .models import RegionMembership
from .models import Trajectory

__all__ = [
    "is_any_coordinator",
    "is_nvp_staff",
    "is_region_coordinator",
    "is_region_policy_maker",
    "is_signed_in",
    "is_trajectory_facilitator",
    "is_trajectory_policy_maker",
]


def _region_of(obj):
    if isinstance(obj, Region):
        return obj
    if isinstance(obj, Trajectory):
        return obj.region
    region = getattr(obj, "region", None)
    if region is None:
        trajectory = getattr(obj, "trajectory", None)
        region = getattr(trajectory, "region", None)
    return region


def _trajectory_of(obj):
    if isinstance(obj, Trajectory):
        return obj
    return getattr(obj, "trajectory", None)


def _has_region_role(user, obj, role) -> bool:
    if obj is None or not user.is_authenticated:
        return False
    region = _region_of(obj)
    if region is None:
        return False
    cache = getattr(user, "_region_roles_cache", None)
    if cache is None:
        cache = set(
            RegionMembership.objects.filter(user=user).values_list("region_id", "role")
        )
        user._region_roles_cache = cache
    return (region.pk, role) in cache


@rules.predicate
def is_region_coordinator(user, obj) -> bool:
    return _has_region_role(user, obj, RegionMembership.Role.COORDINATOR)


@rules.predicate
def is_region_policy_maker(user, obj) -> bool:
    return _has_region_role(user, obj, RegionMembership.Role.BELEIDSMAKER)


@rules.predicate
def is_any_coordinator(user) -> bool:
    return bool(
        user.is_authenticated
        and RegionMembership.objects.filter(
            user=user, role=RegionMembership.Role.COORDINATOR
        ).exists()
    )


@rules.predicate
def is_trajectory_facilitator(user, obj) -> bool:
    trajectory = _trajectory_of(obj)
    if trajectory is None or not user.is_authenticated:
        return False
    return trajectory.facilitators.filter(pk=user.pk).exists()


@rules.predicate
def is_trajectory_policy_maker(user, obj) -> bool:
    trajectory = _trajectory_of(obj)
    if trajectory is None or not user.is_authenticated:
        return False
    return trajectory.policy_makers.filter(pk=user.pk).exists()
