"""Shared fixtures: settings for tests, users by role, services, the browser."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory

# Playwright's sync API runs an event loop in the test thread; Django's
# live-server tests need this to touch the ORM from the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = [
    "anonymous",
    "participant",
    "beleidsmaker",
    "facilitator",
    "coordinator",
    "other_coordinator",
    "staff",
]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The longest tests first (by file, longest first): pytest-xdist hands out
# tests in collection order, so a minutes-long test started last would keep
# one process busy after the others are done. Everything else keeps its order.
LONGEST_FIRST = (
    "tests/journey/",
    "tests/test_benchmarks.py",
    "tests/browser/test_lighthouse.py",
    "tests/test_html_valid.py",
    "tests/faults/",
    "tests/browser/",
    "tests/test_celery_worker.py",
    "tests/actionplans/test_worker.py",
    "tests/test_settings.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.nodeid
        for position, prefix in enumerate(LONGEST_FIRST):
            if path.startswith(prefix):
                return position
        return len(LONGEST_FIRST)

    items.sort(key=rank)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Plan PDFs go to a temporary folder, never into the project.
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


def clear_own_cache() -> None:
    """Delete this test process's cache keys, and only those.

    On Redis, Django's ``cache.clear()`` is FLUSHDB: in a parallel run it
    would also wipe the rate-limit counters and login codes of a test running
    in another process at that moment. Each process has its own key prefix
    (``settings.TEST_WORKER``), so deleting by prefix leaves the others alone.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and allauth codes live in the cache; start every test clean.

    The questionnaire structure is cached per (id, version) in the process;
    test databases reuse ids, so that cache is cleared too.
    """
    from surveys.structure import _build

    clear_own_cache()
    _build.cache_clear()
    yield
    clear_own_cache()
    _build.cache_clear()


def require_service(env_name: str) -> str:
    """Return the service URL, skip locally without it, fail loudly in CI."""
    value = os.environ.get(env_name, "")
    if not value:
        if IN_CI:
            pytest.fail(f"{env_name} must be set in CI; the service is missing.")
        pytest.skip(f"{env_name} not set: this test needs the real service")
    return value


@pytest.fixture
def region(db):
    return RegionFactory(code="JZ32", name="Rijk van Nijmegen")


@pytest.fixture
def other_region(db):
    return RegionFactory(code="JZ34", name="West Brabant Oost")


@pytest.fixture
def trajectory(region):
    return TrajectoryFactory(region=region)


@pytest.fixture
def other_trajectory(other_region):
    return TrajectoryFactory(region=other_region)


def make_users_by_role(region, other_region, trajectory):
    """One user per role, all around ``trajectory`` in ``region``."""
    participant = UserFactory(name="Piet Deelnemer")
    beleidsmaker = UserFactory(name="Bea Beleid")
    RegionMembershipFactory(user=beleidsmaker, region=region, role="beleidsmaker")
    facilitator = UserFactory(name="Fenna Gespreksleider")
    trajectory.facilitators.add(facilitator)
    coordinator = UserFactory(name="Cor Coördinator")
    RegionMembershipFactory(user=coordinator, region=region, role="coordinator")
    other_coordinator = UserFactory(name="Olga Andere Regio")
    RegionMembershipFactory(
        user=other_coordinator, region=other_region, role="coordinator"
    )
    staff = UserFactory(name="Sanne NVP", is_staff=True)
    return {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "beleidsmaker": beleidsmaker,
        "facilitator": facilitator,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "staff": staff,
    }


@pytest.fixture
def users_by_role(db, region, other_region, trajectory):
    """One user per role, all around ``trajectory`` in ``region``."""
    return make_users_by_role(region, other_region, trajectory)


@pytest.fixture
def client_for(client, users_by_role):
    """Return a function that logs the test client in as a role."""

    def _client_for(role):
        client.logout()
        user = users_by_role[role]
        if role != "anonymous":
            client.force_login(user)
        return client

    return _client_for


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
