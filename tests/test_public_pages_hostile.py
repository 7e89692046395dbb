"""Hostile input on the remaining public pages: the language switch, the
closed sign-up, password reset and e-mail confirmation keys, the login code
and the plain pages. Never a 500, never an account, a session or a redirect
off the site."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.accounts.factories import UserFactory
from tests.conftest import clear_own_cache

User = get_user_model()
SETTINGS = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TEXT = st.text(max_size=200) | st.sampled_from(
    ["", "\x00", "<script>", "' OR 1=1 --", "x" * 5000, "🙂", "carla@example.org"]
)
# Where an attacker would like the language switch to send people.
NEXT = TEXT | st.sampled_from(
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        " //evil.example",
        "\t//evil.example",
        "/\t/evil.example",
        "https://testserver@evil.example/",
    ]
)
FIELDS = st.dictionaries(
    st.sampled_from(
        ["email", "password1", "password2", "login", "code", "password", "next"]
    )
    | st.text(max_size=10),
    TEXT,
    max_size=6,
)
PUBLIC_PAGES = [
    "home",
    "privacy",
    "privacy_children",
    "healthz",
    "robots_txt",
    "account_login",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_request_login_code",
    "account_confirm_login_code",
    "voting:join",
]


def _fresh(client):
    client.cookies.clear()
    clear_own_cache()


def _stays_on_the_site(location: str) -> bool:
    parts = urlsplit(location.replace("\\", "/").strip())
    return not parts.netloc and parts.scheme in {"", "http", "https"}


@SETTINGS
@given(language=TEXT | st.sampled_from(["en", "nl", "de"]), following=NEXT)
@example(language="en", following="//evil.example/")
def test_the_language_switch_never_leaves_the_site(client, db, language, following):
    _fresh(client)
    for method, data in (
        ("post", {"language": language, "next": following}),
        ("post", {"language": language}),
    ):
        response = getattr(client, method)(
            reverse("set_language"), data, HTTP_REFERER=following
        )
        assert response.status_code in {302, 204}, response.status_code
        if response.status_code == 302:
            assert _stays_on_the_site(response["Location"]), response["Location"]


@SETTINGS
@given(data=FIELDS, query=st.dictionaries(st.text(max_size=10), TEXT, max_size=3))
def test_the_plain_public_pages_take_any_query_and_post(client, db, data, query):
    _fresh(client)
    for name in PUBLIC_PAGES:
        url = reverse(name)
        response = client.get(url, query)
        assert response.status_code < 500, (url, response.status_code)
        response = client.post(url, data)
        assert response.status_code < 500, (url, "post", response.status_code)
        if response.status_code in {301, 302, 303}:
            assert _stays_on_the_site(response["Location"]), (url, response["Location"])
    assert "_auth_user_id" not in client.session


@SETTINGS
@given(data=FIELDS)
@example(
    data={
        "email": "nieuw@example.org",
        "password1": "Zeer-geheim-42!",
        "password2": "Zeer-geheim-42!",
    }
)
def test_nobody_signs_up(client, db, data):
    _fresh(client)
    users = User.objects.count()

    response = client.post(reverse("account_signup"), data)

    assert response.status_code < 500
    assert User.objects.count() == users
    assert "_auth_user_id" not in client.session


@SETTINGS
@given(uidb36=TEXT, key=TEXT, data=FIELDS)
def test_random_reset_and_confirmation_keys_change_no_password(
    client, db, uidb36, key, data
):
    _fresh(client)
    user = User.objects.filter(email="carla@example.org").first() or UserFactory(
        email="carla@example.org", password="Oud-wachtwoord-12"
    )
    password = User.objects.get(pk=user.pk).password
    for name, kwargs in (
        ("account_reset_password_from_key", {"uidb36": uidb36, "key": key}),
        ("account_reset_password_from_key", {"uidb36": "1", "key": key}),
        ("account_confirm_email", {"key": key}),
    ):
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        assert client.get(url).status_code < 500, url
        response = client.post(url, {**data, "password1": "x", "password2": "x"})
        assert response.status_code < 500, url
    assert User.objects.get(pk=user.pk).password == password
    assert "_auth_user_id" not in client.session
