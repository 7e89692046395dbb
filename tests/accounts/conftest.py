"""Fixtures of the account tests: staff who invite, and the invitation."""

import pytest

from regions.team.services import InvitationRole
from regions.team.services import team_member_invite
from tests.accounts.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, name="Sanne NVP")


@pytest.fixture
def invite(staff, django_capture_on_commit_callbacks):
    """Invite through the service as staff; return ``(user, token)``."""

    def _invite(email="nieuw@example.org", role=InvitationRole.FACILITATOR, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return team_member_invite(
                email=email,
                name=kw.pop("name", "Nieuwe Collega"),
                role=role,
                invited_by=staff,
                base_url="http://testserver/",
                **kw,
            )

    return _invite
