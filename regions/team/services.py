"""Writes for the team: invite someone and give them their regional role."""

from django.db import transaction

from accounts.models import User
from accounts.services import user_invite

from ..models import Region
from ..models import RegionMembership


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
