"""One demo per test module: ``seed_demo`` takes seconds, most tests only read it."""

from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@contextmanager
def seeded_once(django_db_blocker, tmp_path_factory, *args):
    """Seed the demo inside a transaction that is rolled back afterwards.

    For a module-scoped fixture: each test of the module then runs in a
    savepoint inside this transaction, on the seeded demo, and what it
    changes is rolled back after it. The settings are those every test gets
    (tests/conftest.py), so the demo's logins and PDF are made the same way.
    Yields what ``seed_demo`` printed.
    """
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("demo-private"),
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("seed_demo", *args, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
