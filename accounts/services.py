"""Writes for accounts: inviting staff and accepting invitations."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tokens import hash_token

from .models import Invitation
from .models import User


@transaction.atomic
def user_invite(
    *,
    email: str,
    name: str,
    make_staff: bool = False,
    invited_by: User | None,
    base_url: str,
) -> tuple[User, str]:
    """Create (or reuse) the account and e-mail an invitation.

    Returns the user and the raw token; only its hash is stored. A person who
    already has a password is not invited again: the caller gets a
    ValidationError to show. Regional roles are given by
    ``regions.team.services.team_member_invite``, which calls this.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.has_usable_password():
        raise ValidationError(
            _("Er is al een account met dit e-mailadres. Deze persoon kan inloggen.")
        )
    if user is None:
        user = User(email=email, name=name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif name.strip() and not user.name:
        user.name = name.strip()
        user.save(update_fields=["name"])
    if make_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    context = {
        "user": user,
        "link": link,
        "invited_by": invited_by,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=render_to_string(
                "accounts/email/invitation_subject.txt", context
            ).strip(),
            message=render_to_string("accounts/email/invitation_message.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return user, token


def invitation_get_by_token(*, token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("user")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the password and close the invitation (the caller validated it)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt."))
    if invitation.is_expired:
        raise ValidationError(_("Deze uitnodiging is verlopen."))
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return user
