"""Writes for the team: invite someone and give them their regional role."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_invite

from ..models import Region
from ..models import RegionMembership
from ..models import Trajectory


class InvitationRole:
    NVP_STAFF = "nvp_staff"
    COORDINATOR = "coordinator"
    BELEIDSMAKER = "beleidsmaker"
    FACILITATOR = "facilitator"


REGIONAL_ROLES = (InvitationRole.COORDINATOR, InvitationRole.BELEIDSMAKER)


@transaction.atomic
def team_member_invite(
    *,
    email: str,
    name: str,
    role: str,
    regions: list[Region] | None = None,
    invited_by: User | None,
    base_url: str,
) -> tuple[User, str]:
    """Invite someone by e-mail and give them their role in the chosen regions.

    Returns the user and the raw token (see ``accounts.services.user_invite``).
    """
    user, token = user_invite(
        email=email,
        name=name,
        make_staff=role == InvitationRole.NVP_STAFF,
        invited_by=invited_by,
        base_url=base_url,
    )
    if role in REGIONAL_ROLES:
        for region in regions or []:
            RegionMembership.objects.get_or_create(user=user, region=region, role=role)
    return user, token


TRAJECTORY_ROLES = (InvitationRole.FACILITATOR, InvitationRole.BELEIDSMAKER)


@transaction.atomic
def trajectory_team_invite(
    *,
    trajectory: Trajectory,
    email: str,
    name: str,
    role: str,
    invited_by: User,
    base_url: str,
) -> tuple[User, bool]:
    """Put someone on the trajectory's team, inviting them when they are new.

    A facilitator joins the trajectory's facilitators; a beleidsmaker also
    becomes a beleidsmaker of its region. Someone who already has an account
    is added without a new invitation. Returns the user and whether an
    invitation went out.
    """
    if role not in TRAJECTORY_ROLES:
        raise ValidationError(_("Kies gespreksleider of beleidsmaker."))
    existing = User.objects.filter(email__iexact=email.strip()).first()
    invited = existing is None or not existing.has_usable_password()
    if invited:
        user, _token = team_member_invite(
            email=email,
            name=name,
            role=role,
            regions=[trajectory.region],
            invited_by=invited_by,
            base_url=base_url,
        )
    else:
        assert existing is not None  # noqa: S101 - invited is False only then
        user = existing
        if not user.is_active:
            raise ValidationError(
                _("Dit account is niet meer actief en kan niet meedoen.")
            )
        if role == InvitationRole.BELEIDSMAKER:
            RegionMembership.objects.get_or_create(
                user=user, region=trajectory.region, role=role
            )
    if role == InvitationRole.FACILITATOR:
        trajectory.facilitators.add(user)
    else:
        trajectory.policy_makers.add(user)
    return user, invited
