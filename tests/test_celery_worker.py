"""A real Celery worker on Redis runs our tasks and returns their results.

Skipped without ``REDIS_URL``, except in CI, where a missing Redis fails.
The worker listens on a queue of its own, so messages that other tests
queued on the same Redis cannot get in the way.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from goedgesprek.celery import app
from goedgesprek.tasks import ping_task
from regions.models import Municipality
from regions.models import Region
from regions.tasks import regions_load_task
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.tasks import invitation_email_send_task
from tests.conftest import require_service
from tests.regions.factories import RegionFactory
from tests.sessions_app.factories import InviteeFactory

pytestmark = [pytest.mark.worker]

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
# Generous: the worker starts cold beside a parallel test run on 2 cores.
RESULT_TIMEOUT = 180


def _postgres_url(database: dict) -> str:
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(database['NAME'])}"


def _worker_database_url(tmp_path: Path) -> str:
    """The database the worker should use: the test database when it can.

    PostgreSQL: the pytest test database itself (its name is only known
    inside a test). SQLite: the test database lives in this process's
    memory, so the worker gets a migrated file of its own.
    """
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        return _postgres_url(database)
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        timeout=300,
    )
    return url


@pytest.fixture
def mail_dir(tmp_path):
    """Where the worker writes the e-mails it sends (file backend)."""
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker(transactional_db, tmp_path, mail_dir):
    """Start ``celery worker`` on a fresh queue; yield the queue name."""
    redis_url = require_service("REDIS_URL")
    assert not app.conf.task_always_eager, "REDIS_URL is set, tasks must not be eager"
    queue = f"test-{uuid.uuid4().hex}"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "DATABASE_URL": _worker_database_url(tmp_path),
        # The worker must not keep a connection to the test database open
        # after it stops: pytest drops that database at the end.
        "CONN_MAX_AGE": "0",
        # E-mail the worker sends lands in files the test can read.
        "EMAIL_URL": f"filemail:///{mail_dir}",  # three slashes + absolute path
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "goedgesprek",
                "worker",
                "--pool=solo",
                "-c",
                "1",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                queue,
                "-l",
                "info",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        # Shown by pytest only when the test failed.
        print(log_path.read_text())


def _result(async_result):
    started = time.monotonic()
    value = async_result.get(timeout=RESULT_TIMEOUT)
    assert time.monotonic() - started < RESULT_TIMEOUT
    return value


def test_worker_answers_the_ping_task(worker):
    async_result = ping_task.apply_async(args=["hallo"], queue=worker)

    result = _result(async_result)

    assert result["echo"] == "hallo"
    assert async_result.successful()


def test_worker_reads_the_same_database_as_the_test(worker):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL lets the worker share the test database")
    RegionFactory(code="JZ32", name="Rijk van Nijmegen")
    RegionFactory(code="JZ34", name="West Brabant Oost")

    result = _result(ping_task.apply_async(args=["tel"], queue=worker))

    assert result == {"echo": "tel", "regions": 2}


def test_worker_loads_the_regions(worker):
    result = _result(regions_load_task.apply_async(queue=worker))

    assert result == {"regions": 42, "municipalities": 342}
    ping = _result(ping_task.apply_async(args=["na"], queue=worker))
    assert ping["regions"] == 42
    if connection.vendor == "postgresql":
        assert (Region.objects.count(), Municipality.objects.count()) == (42, 342)


def test_worker_sends_a_meeting_invitation_once(worker, mail_dir):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL lets the worker share the test database")
    invitee = InviteeFactory(email="anna@example.org")

    first = _result(invitation_email_send_task.apply_async([invitee.pk], queue=worker))
    second = _result(invitation_email_send_task.apply_async([invitee.pk], queue=worker))

    assert (first, second) == (True, False)
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    message = files[0].read_text()
    assert "To: anna@example.org" in message
    assert invitee.get_rsvp_url() in message
    assert "bijeenkomst.ics" in message
    assert Invitee.objects.get(pk=invitee.pk).invitation_sent_at is not None
