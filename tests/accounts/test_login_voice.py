"""The login pages and their messages address staff with "u", never "je".

django-allauth's Dutch catalogue says "je"; locale/nl overrides what these
pages and messages show (issue #11).
"""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.accounts.factories import UserFactory
from tests.surveys.test_respond_children import INFORMAL
from tests.surveys.test_respond_children import visible_text

EMAIL = "carla@example.org"


@pytest.fixture
def user(db):
    return UserFactory(email=EMAIL, name="Carla de Boer")


def _main(response) -> str:
    html = response.content.decode()
    return visible_text(html.split("<footer")[0])


def _assert_u(response, label):
    text = _main(response)
    assert not INFORMAL.search(text), (label, INFORMAL.search(text), text)


def test_login_errors_and_messages_say_u(client, user):
    wrong = client.post(
        reverse("account_login"), {"login": EMAIL, "password": "helemaal-fout"}
    )
    assert "Het e-mailadres en/of wachtwoord dat u opgaf klopt niet." in _main(wrong)
    _assert_u(wrong, "wrong password")

    logged_in = client.post(
        reverse("account_login"),
        {"login": EMAIL, "password": PASSWORD},
        follow=True,
    )
    assert "U bent ingelogd als Carla de Boer." in _main(logged_in)
    _assert_u(logged_in, "after login")

    confirm = client.get(reverse("account_logout"))
    assert "Weet u zeker dat u wilt uitloggen?" in _main(confirm)
    _assert_u(confirm, "logout page")
    logged_out = client.post(reverse("account_logout"), follow=True)
    assert "U bent uitgelogd." in _main(logged_out)
    _assert_u(logged_out, "after logout")


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_request_login_code", "account_reset_password"],
)
def test_login_pages_say_u(client, db, url_name):
    _assert_u(client.get(reverse(url_name)), url_name)


def test_the_login_code_page_and_mail_say_u(client, user, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": EMAIL})
    _assert_u(client.get(reverse("account_confirm_login_code")), "code page")
    body = mailoutbox[0].body
    assert not INFORMAL.search(body), body
    assert re.search(r"\buw inlogcode\b", body)
