"""Logging in: password, code by e-mail, password reset, throttling, layout."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from tests.accounts.factories import PASSWORD
from tests.accounts.factories import UserFactory

EMAIL = "carla@example.org"


@pytest.fixture
def user(db):
    return UserFactory(email=EMAIL, name="Carla de Boer")


def log_in(client, login=EMAIL, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_login_with_email_and_password_opens_the_dashboard(client, user):
    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_ignores_the_case_of_the_email_address(client, user):
    response = log_in(client, login="Carla@Example.ORG")

    assert response.status_code == 302


def test_login_form_asks_for_an_email_address_not_a_username(client, db):
    response = client.get(reverse("account_login"))

    form = response.context["form"]
    assert form.fields["login"].widget.input_type == "email"
    assert "E-mailadres" in response.content.decode()


def test_wrong_password_shows_a_dutch_error(client, user):
    response = log_in(client, password="helemaal-fout")

    assert response.status_code == 200
    assert (
        "e-mailadres en/of wachtwoord dat u opgaf klopt niet"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_unknown_email_shows_the_same_dutch_error(client, user):
    response = log_in(client, login="niemand@example.org")

    assert response.status_code == 200
    assert (
        "e-mailadres en/of wachtwoord dat u opgaf klopt niet"
        in response.content.decode()
    )


def test_login_with_a_nul_character_is_refused_without_an_error_page(client, user):
    response = log_in(client, login="carla\x00@example.org")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_login_with_a_dutch_page(client, user):
    for _ in range(4):
        assert log_in(client, password="fout-wachtwoord").status_code == 200

    response = log_in(client, password="fout-wachtwoord")

    assert response.status_code == 429
    assertTemplateUsed(response, "account/locked_out.html")
    assert "Te vaak een verkeerd wachtwoord" in response.content.decode()


def test_locked_login_refuses_even_the_right_password(client, user):
    for _ in range(5):
        log_in(client, password="fout-wachtwoord")

    response = log_in(client)

    assert response.status_code == 429
    assertTemplateUsed(response, "account/locked_out.html")
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_email_address(client, user):
    UserFactory(email="ander@example.org")
    for _ in range(5):
        log_in(client, password="fout-wachtwoord")

    response = log_in(client, login="ander@example.org")

    assert response.status_code == 302


def test_four_wrong_passwords_do_not_lock_the_login(client, user):
    for _ in range(4):
        log_in(client, password="fout-wachtwoord")

    response = log_in(client)

    assert response.status_code == 302


def test_login_code_arrives_by_email_and_logs_the_user_in(client, user):
    response = client.post(reverse("account_request_login_code"), {"email": EMAIL})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    code = _login_code(mail.outbox[0].body)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_login_code_is_refused_in_dutch(client, user):
    client.post(reverse("account_request_login_code"), {"email": EMAIL})

    response = client.post(reverse("account_confirm_login_code"), {"code": "ZZZZZZ"})

    assert response.status_code == 200
    assert "Ongeldige code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_email_lets_the_user_choose_a_new_password(client, user):
    response = client.post(reverse("account_reset_password"), {"email": EMAIL})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/account/password/reset/key/\S+/)", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    new_password = "nieuw-en-lang-genoeg"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_no_reset_link(client, db):
    client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})

    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_password_reset_page_renders_inside_the_site_layout_in_dutch(client, db):
    response = client.get(reverse("account_reset_password"))

    assert response.status_code == 200
    assertTemplateUsed(response, "base.html")
    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert "Naar de inhoud" in content  # the skip link of base.html
    assert "Wachtwoord vergeten?" in content


@pytest.mark.parametrize(
    ("url_name", "dutch"),
    [
        ("account_login", "Inloggen"),
        ("account_request_login_code", "Stuur een aanmeldcode"),
        ("account_signup", "Registratie gesloten"),
    ],
)
def test_allauth_pages_render_inside_the_site_layout_in_dutch(
    client, db, url_name, dutch
):
    response = client.get(reverse(url_name))

    assertTemplateUsed(response, "base.html")
    assert dutch in response.content.decode()


def test_logout_ends_the_session(client, user):
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _login_code(body):
    """The code allauth puts on a line of its own in the e-mail."""
    lines = [line.strip() for line in body.splitlines()]
    codes = [line for line in lines if re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", line)]
    assert len(codes) == 1, body
    return codes[0]
