"""Staff invite people; the e-mailed link lets them choose a password once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertTemplateUsed

from accounts.models import Invitation
from accounts.models import User
from accounts.services import invitation_accept
from core.tokens import hash_token
from regions.models import RegionMembership
from regions.team.services import InvitationRole
from regions.team.services import team_member_invite
from tests.accounts.factories import UserFactory

NEW_PASSWORD = "pleegzorg-samen-2026"
LINK = re.compile(r"https?://testserver(/account/uitnodiging/[^/\s]+/)")


def accept_url(token):
    return reverse("accounts:invitation_accept", args=[token])


def test_staff_invitation_form_sends_an_email_with_a_link(
    client, staff, region, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regions:invitation_create"),
            {
                "email": "Carla@Example.org",
                "name": "Carla de Boer",
                "role": InvitationRole.COORDINATOR,
                "regions": [region.pk],
            },
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carla@example.org"]
    assert message.subject == "Uitnodiging voor het goede gesprek over pleegzorg"
    assert LINK.search(message.body)
    assert "Sanne NVP nodigt u uit" in message.body


def test_invitation_gives_a_coordinator_their_region(invite, region):
    user, _token = invite(role=InvitationRole.COORDINATOR, regions=[region])

    assert RegionMembership.objects.filter(
        user=user, region=region, role=RegionMembership.Role.COORDINATOR
    ).exists()
    assert not user.has_usable_password()


def test_invitation_for_nvp_staff_makes_the_user_staff(invite):
    user, _token = invite(role=InvitationRole.NVP_STAFF)

    assert user.is_staff


def test_invitation_stores_only_a_hash_of_the_token(invite):
    user, token = invite()

    invitation = Invitation.objects.get(user=user)
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash


def test_no_email_is_sent_when_the_invitation_is_rolled_back(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        team_member_invite(
            email="later@example.org",
            name="Later",
            role=InvitationRole.FACILITATOR,
            invited_by=staff,
            base_url="http://testserver/",
        )

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_following_the_link_and_choosing_a_password_logs_the_user_in(client, invite):
    invite()
    path = LINK.search(mail.outbox[0].body).group(1)

    page = client.get(path)
    response = client.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert page.status_code == 200
    assertTemplateUsed(page, "accounts/invitation_accept.html")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="nieuw@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None


def test_invited_user_can_log_in_with_the_chosen_password_later(client, invite):
    _user, token = invite()
    client.post(
        accept_url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": "nieuw@example.org", "password": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_password_mismatch_keeps_the_form_with_a_dutch_error(client, invite):
    user, token = invite()

    response = client.post(
        accept_url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert "De twee wachtwoordvelden komen niet overeen" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).accepted_at is None
    assert "_auth_user_id" not in client.session


def test_too_short_password_keeps_the_form_with_a_dutch_error(client, invite):
    _user, token = invite()

    response = client.post(
        accept_url(token), {"new_password1": "kort", "new_password2": "kort"}
    )

    assert response.status_code == 200
    assert (
        "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten."
        in response.content.decode()
    )


def test_used_invitation_link_says_so_in_dutch(client, invite):
    _user, token = invite()
    client.post(
        accept_url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()

    response = client.get(accept_url(token))

    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert "form" not in response.context


def test_used_invitation_cannot_set_the_password_again(client, invite):
    user, token = invite()
    client.post(
        accept_url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()

    response = client.post(
        accept_url(token),
        {
            "new_password1": "een-ander-wachtwoord",
            "new_password2": "een-ander-wachtwoord",
        },
    )

    assert response.status_code == 410
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_invitation_link_says_so_in_dutch_and_changes_nothing(
    client, invite, method
):
    user, token = invite()
    Invitation.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = getattr(client, method)(
        accept_url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "token",
    ["onzin", "x" * 500, "%00", "%E2%9C%93"],
    ids=["wrong", "long", "nul", "unicode"],
)
def test_bad_invitation_token_gets_a_dutch_message(client, db, token):
    response = client.get(f"/account/uitnodiging/{token}/")

    assert response.status_code == 404
    assert "Deze uitnodigingslink klopt niet" in response.content.decode()


def test_accepting_an_expired_invitation_in_the_service_is_refused(invite):
    user, _token = invite()
    invitation = Invitation.objects.get(user=user)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(ValidationError, match="verlopen"):
        invitation_accept(invitation=invitation, password=NEW_PASSWORD)

    user.refresh_from_db()
    assert not user.has_usable_password()


def test_person_with_a_password_is_not_invited_again(client, staff):
    UserFactory(email="bestaand@example.org")
    client.force_login(staff)

    response = client.post(
        reverse("regions:invitation_create"),
        {
            "email": "Bestaand@example.org",
            "name": "Bestaand",
            "role": InvitationRole.FACILITATOR,
        },
    )

    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_coordinator_invitation_without_a_region_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("regions:invitation_create"),
        {"email": "c@example.org", "name": "C", "role": InvitationRole.COORDINATOR},
    )

    assert response.status_code == 200
    assert "Kies minstens één regio voor deze rol." in response.content.decode()
    assert not User.objects.filter(email="c@example.org").exists()


def test_only_staff_may_open_the_invitation_form(client, users_by_role):
    client.force_login(users_by_role["coordinator"])

    response = client.post(
        reverse("regions:invitation_create"),
        {"email": "x@example.org", "name": "X", "role": InvitationRole.NVP_STAFF},
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_posting_to_signup_creates_no_account(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "zelf@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assertTemplateUsed(response, "account/signup_closed.html")
    assert not User.objects.filter(email="zelf@example.org").exists()
    assert "_auth_user_id" not in client.session
