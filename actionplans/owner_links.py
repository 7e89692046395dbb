"""Personal links of action owners: signed, re-creatable, revocable."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import ActionPlan
from .models import OwnerLink
from .models import new_owner_link_nonce

OWNER_LINK_SALT = "actionplans.owner-link"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def owner_link_token(link: OwnerLink) -> str:
    """The link's token: its id and nonce, signed; the same every time."""
    return signing.Signer(salt=OWNER_LINK_SALT, algorithm="sha256").sign(
        f"{link.pk}.{link.nonce}"
    )


def owner_link_path(link: OwnerLink) -> str:
    return reverse("actionplans:owner_home", kwargs={"token": owner_link_token(link)})


@dataclass
class InviteResult:
    link: OwnerLink
    token: str


@transaction.atomic
def owner_link_create(
    *,
    plan: ActionPlan,
    email: str,
    name: str = "",
    send_mail: bool = True,
    base_url: str = "",
) -> InviteResult:
    """Make a personal link for ``email`` (revoking an earlier one) and mail it."""
    email = email.strip().lower()
    for earlier in OwnerLink.objects.filter(
        plan=plan, email=email, revoked_at__isnull=True
    ):
        owner_link_revoke(link=earlier)
    link = OwnerLink(plan=plan, email=email, name=name.strip())
    link.full_clean()
    link.save()
    token = owner_link_token(link)
    if send_mail:
        link_id = link.pk
        transaction.on_commit(
            lambda: _send_owner_invitation(
                link_id=link_id, token=token, base_url=base_url
            )
        )
    return InviteResult(link, token)


def _send_owner_invitation(*, link_id: int, token: str, base_url: str) -> None:
    from .notifications import owner_invitation_send

    owner_link = OwnerLink.objects.select_related("plan__trajectory").get(pk=link_id)
    owner_invitation_send(link=owner_link, token=token, base_url=base_url)


@transaction.atomic
def owner_link_revoke(*, link: OwnerLink) -> OwnerLink:
    """Stop the link: a new nonce, so no token made before matches it."""
    OwnerLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(),
        nonce=new_owner_link_nonce(),
        updated_at=timezone.now(),
    )
    link.refresh_from_db()
    return link


class OwnerLinkState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass
class OwnerLinkLookup:
    state: OwnerLinkState
    link: OwnerLink | None = None


def _link_of_signed(token: str) -> OwnerLinkLookup | None:
    """The lookup of a signed token, or None if ``token`` is not one of ours."""
    try:
        value = signing.Signer(salt=OWNER_LINK_SALT, algorithm="sha256").unsign(token)
    except signing.BadSignature:
        return None
    pk, _sep, nonce = value.partition(".")
    if not pk.isdigit():
        return None
    link = (
        OwnerLink.objects.select_related("plan__trajectory__region")
        .filter(pk=int(pk))
        .first()
    )
    if link is None:
        return OwnerLinkLookup(OwnerLinkState.UNKNOWN)
    if link.revoked_at is not None or not constant_time_compare(nonce, link.nonce):
        return OwnerLinkLookup(OwnerLinkState.REVOKED, link)
    return OwnerLinkLookup(OwnerLinkState.ACTIVE, link)


def owner_link_lookup(*, token: str) -> OwnerLinkLookup:
    """Whether ``token`` opens a link, was revoked, or is unknown.

    Signed tokens first; a token that is not one is looked up by its hash,
    as links made before signed tokens were stored.
    """
    if not token or len(token) > 100:
        return OwnerLinkLookup(OwnerLinkState.UNKNOWN)
    lookup = _link_of_signed(token)
    if lookup is None:
        link = (
            OwnerLink.objects.select_related("plan__trajectory__region")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if link is None:
            lookup = OwnerLinkLookup(OwnerLinkState.UNKNOWN)
        elif link.revoked_at is not None:
            lookup = OwnerLinkLookup(OwnerLinkState.REVOKED, link)
        else:
            lookup = OwnerLinkLookup(OwnerLinkState.ACTIVE, link)
    if lookup.state == OwnerLinkState.ACTIVE and lookup.link is not None:
        OwnerLink.objects.filter(pk=lookup.link.pk).update(last_used_at=timezone.now())
    return lookup


def owner_link_for_token(*, token: str) -> OwnerLink | None:
    """The active link of ``token``, or None (unknown or revoked)."""
    lookup = owner_link_lookup(token=token)
    return lookup.link if lookup.state == OwnerLinkState.ACTIVE else None
