"""Hostile and malformed input on the login and invitation pages (issue #14).

Never a 500, and nothing half-written: a failed login signs nobody in and
makes no account; an invitation form that does not validate leaves the
password unusable and the invitation unused; a token that is not ours is
a 404.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.models import Invitation
from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.accounts.test_invitations import accept_url

pytestmark = pytest.mark.django_db

HOSTILE = st.text(max_size=200) | st.sampled_from(
    [
        "",
        "\x00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "a@b",
        "x" * 5000,
        "🙂" * 80,
        "carla@example.org\r\nBcc: x@example.org",
    ]
)
EXTRA = st.dictionaries(
    st.text(min_size=1, max_size=20),
    HOSTILE | st.lists(HOSTILE, max_size=3),
    max_size=4,
)
EXAMPLES = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@EXAMPLES
@given(login=HOSTILE, password=HOSTILE, extra=EXTRA)
def test_the_login_form_never_breaks_and_signs_nobody_in(
    client, login, password, extra
):
    if not User.objects.filter(email="carla@example.org").exists():
        UserFactory(email="carla@example.org")
    users = User.objects.count()

    response = client.post(
        reverse("account_login"), {**extra, "login": login, "password": password}
    )

    assert response.status_code in (200, 302, 403, 429), response.status_code
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    if response.status_code == 200:
        assert '<html lang="nl">' in response.content.decode()


@EXAMPLES
@given(first=HOSTILE, second=HOSTILE, extra=EXTRA)
def test_the_invitation_form_never_breaks_or_half_accepts(
    client,
    invite,
    first,
    second,
    extra,  # noqa: F811
):
    user, token = invite(email=f"n{User.objects.count()}@example.org")

    response = client.post(
        accept_url(token), {**extra, "new_password1": first, "new_password2": second}
    )

    assert response.status_code in (200, 302), response.status_code
    user.refresh_from_db()
    invitation = Invitation.objects.get(user=user)
    if response.status_code == 200:  # the form came back with its errors
        assert not user.has_usable_password()
        assert invitation.accepted_at is None
        assert "_auth_user_id" not in client.session
    else:  # accepted: all of it at once
        assert user.check_password(first)
        assert invitation.accepted_at is not None
    client.logout()


@EXAMPLES
@given(token=st.text(min_size=1, max_size=120))
def test_any_invitation_token_that_is_not_ours_is_a_404(client, token):
    url = accept_url("x")[: -len("x/")] + _path_safe(token) + "/"
    for response in (client.get(url), client.post(url, {"new_password1": token})):
        assert response.status_code == 404, (url, response.status_code)


def _path_safe(text: str) -> str:
    from urllib.parse import quote

    return quote(text.replace("/", ""), safe="") or "leeg"
