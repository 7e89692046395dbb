"""Predicates about the user alone: one question each."""

import rules


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_nvp_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)
