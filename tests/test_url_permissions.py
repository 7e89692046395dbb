"""Every URL pattern of the project, requested by every role.

Add a case here for each new URL pattern: ``test_every_url_pattern_is_in_the_matrix``
fails until you do. Expected values are status codes; 302 means a redirect
(to the login page for anonymous visitors).
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from tests.conftest import ROLES

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def expect(anonymous=None, signed_in=None, **per_role):
    """Build ``{role: status}``: defaults for anonymous / signed-in, then overrides."""
    result = {}
    for role in ROLES:
        result[role] = anonymous if role == "anonymous" else signed_in
    result.update(per_role)
    return result


# Views that follow one trajectory: staff, own-region coordinator, the
# assigned facilitator and the region's beleidsmaker may look.
FOLLOW_OWN = expect(
    302, 403, beleidsmaker=200, facilitator=200, coordinator=200, staff=200
)
# The same view for a trajectory of the other region: staff and that
# region's own coordinator; nobody from the first region.
FOLLOW_OTHER = expect(302, 403, other_coordinator=200, staff=200)

# (url name, kwargs builder, expected per role, method)
CASES = [
    ("home", None, expect(200, 200), "get"),
    ("dashboard", None, expect(302, 200), "get"),
    ("healthz", None, expect(200, 200), "get"),
    ("set_language", None, expect(302, 302), "post"),
    ("account_login", None, expect(200, 302), "get"),
    ("account_logout", None, expect(302, 200), "get"),
    ("account_inactive", None, expect(200, 200), "get"),
    ("account_signup", None, expect(200, 302), "get"),
    ("account_reauthenticate", None, expect(302, 200), "get"),
    ("account_email", None, expect(302, 200), "get"),
    ("account_email_verification_sent", None, expect(200, 200), "get"),
    ("account_change_password", None, expect(302, 200), "get"),
    ("account_set_password", None, expect(302, 302), "get"),
    ("account_reset_password", None, expect(200, 200), "get"),
    ("account_reset_password_done", None, expect(200, 200), "get"),
    ("account_reset_password_from_key_done", None, expect(200, 200), "get"),
    (
        "account_reset_password_from_key",
        lambda ctx: {"uidb36": "zz", "key": "not-a-key"},
        expect(200, 200),
        "get",
    ),
    (
        "account_confirm_email",
        lambda ctx: {"key": "not-a-key"},
        expect(200, 200),
        "get",
    ),
    ("account_request_login_code", None, expect(200, 302), "get"),
    ("account_confirm_login_code", None, expect(302, 302), "get"),
    ("accounts:invitation_create", None, expect(302, 403, staff=200), "get"),
    (
        "accounts:invitation_accept",
        lambda ctx: {"token": "no-such-token"},
        expect(404, 404),
        "get",
    ),
    ("regions:region_list", None, expect(302, 200), "get"),
    (
        "regions:region_detail",
        lambda ctx: {"code": ctx["region"].code},
        expect(302, 200),
        "get",
    ),
    ("regions:region_detail", lambda ctx: {"code": "JZ99"}, expect(302, 404), "get"),
    (
        "regions:trajectory_detail",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "regions:trajectory_detail",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
]


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if namespace and ns:
                ns = f"{namespace}:{ns}"
            yield from _walk(pattern.url_patterns, ns or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def project_url_names():
    return set(_walk(get_resolver().url_patterns))


def test_every_url_pattern_is_in_the_matrix():
    covered = {name for name, *_ in CASES}
    missing = {
        name for name in project_url_names() if not name.startswith("admin:")
    } - covered
    assert not missing, f"Add these URL patterns to CASES: {sorted(missing)}"


def test_every_url_pattern_has_a_name():
    def unnamed(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from unnamed(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.name:
                yield prefix + str(pattern.pattern)

    # Django's admin and debug-only media serving are the only allowed exceptions.
    names = [
        p
        for p in unnamed(get_resolver().url_patterns)
        if not p.startswith("beheer/") and not p.startswith("media/")
    ]
    assert names == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs_fn", "expected", "method"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_url_answers_each_role_as_expected(
    name,
    kwargs_fn,
    expected,
    method,
    role,
    client_for,
    trajectory,
    other_trajectory,
    region,
):
    ctx = {
        "trajectory": trajectory,
        "other_trajectory": other_trajectory,
        "region": region,
    }
    url = reverse(name, kwargs=kwargs_fn(ctx) if kwargs_fn else None)
    client = client_for(role)
    response = getattr(client, method)(url)
    assert response.status_code == expected[role], (
        f"{role} {method.upper()} {url}: {response.status_code}, expected {expected[role]}"
    )


def _admin_urls(ctx):
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_nvp_staff_only(role, client_for, trajectory, other_trajectory):
    client = client_for(role)
    for url in _admin_urls({}):
        response = client.get(url)
        if role == "staff":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "/beheer/login/" in response["Location"], url
