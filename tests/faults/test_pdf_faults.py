"""The verbeteragenda's PDF when Redis, the worker or the disk fail (issue #14).

A private Redis is the broker and the tests start and kill real Celery
workers on it. The workers share the PostgreSQL test database, so these
tests need PostgreSQL (CI has it; locally they skip without it).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from actionplans.models import PlanVersion
from actionplans.pdf.service import pdf_requeue_waiting
from actionplans.pdf.service import plan_version_render_pdf
from goedgesprek.celery import app
from tests.actionplans.scenario import published_plan
from tests.actionplans.test_pdf import read_back
from tests.conftest import IN_CI
from tests.faults.services import BASE_DIR
from tests.faults.services import private_redis
from tests.test_celery_worker import _postgres_url

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

CELERY = Path(sys.executable).with_name("celery")
Status = PlanVersion.PdfStatus


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        message = "the workers share the test database: PostgreSQL only"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def private_root(tmp_path, settings, monkeypatch):
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    monkeypatch.setenv("DJANGO_PRIVATE_MEDIA_ROOT", str(root))
    return root


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app.conf.result_backend = url
    _forget_connections()


def _forget_connections() -> None:
    """Drop the app's pools and its result backend (kept per thread), so the
    next task and the next result use the broker now configured; a backend
    left on the killed private Redis breaks every later worker test in this
    process ("Retry limit exceeded ... must be restarted")."""
    app._pool = None
    app.amqp._producer_pool = None
    try:
        del app._local.backend
    except AttributeError:
        pass


@pytest.fixture
def broker(settings):
    """A Redis of our own as the broker of this process and of the workers."""
    previous = (
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_always_eager,
    )
    with private_redis() as redis:
        app.conf.task_always_eager = False
        _use_broker(redis.url)
        try:
            yield redis
        finally:
            app.conf.task_always_eager = previous[2]
            app.conf.broker_url, app.conf.result_backend = previous[:2]
            _forget_connections()


@contextmanager
def worker(
    broker_url: str, log_path: Path, **extra_env: str
) -> Iterator[subprocess.Popen]:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "REDIS_URL": broker_url,
        "DATABASE_URL": _postgres_url(connection.settings_dict),
        "CONN_MAX_AGE": "0",
        **extra_env,
    }
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "goedgesprek",
                "worker",
                "--pool=solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        print(log_path.read_text())  # shown when the test failed


def _wait_for(version: PlanVersion, statuses: set[str], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = PlanVersion.objects.values_list("pdf_status", flat=True).get(
            pk=version.pk
        )
        if status in statuses:
            return status
        time.sleep(0.05)
    raise AssertionError(f"still {status} after {seconds} s, not {statuses}")


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.pdf")) if root.exists() else []


def test_with_redis_down_the_pdf_waits_and_is_rendered_once_redis_is_back(
    postgresql, broker, private_root, client_for, trajectory, tmp_path
):
    broker.stop()
    started = time.monotonic()
    scenario = published_plan(trajectory)  # asks for the PDF on commit
    assert time.monotonic() - started < 20
    version = scenario.version
    version.refresh_from_db()
    assert version.pdf_status == Status.QUEUED

    page = client_for("coordinator").get(
        reverse("actionplans:version_detail", kwargs={"pk": trajectory.pk, "number": 1})
    )
    assert page.status_code == 200
    assert "De PDF staat in de wachtrij" in page.content.decode()

    broker.start()  # an empty Redis: the message was never queued
    with worker(broker.url, tmp_path / "worker.log"):
        assert pdf_requeue_waiting(older_than=dt.timedelta(0)) == 1
        _wait_for(version, {Status.READY, Status.FAILED}, 240)
        assert pdf_requeue_waiting() == 0  # nothing waits any more
    version.refresh_from_db()
    assert version.pdf_status == Status.READY
    assert len(_files(private_root)) == 1
    assert len(read_back(version).pages) >= 2


def test_a_worker_killed_while_rendering_the_task_is_delivered_again_and_the_pdf_made_once(
    postgresql, broker, private_root, trajectory, tmp_path
):
    scenario = published_plan(trajectory, topics=5, actions_per_topic=6, quotes=10)
    version = scenario.version
    fast = {"PDF_RENDER_STALE_SECONDS": "3", "CELERY_VISIBILITY_TIMEOUT": "8"}

    with worker(broker.url, tmp_path / "first.log", **fast) as first:
        _wait_for(version, {Status.RENDERING}, 240)
        os.killpg(first.pid, signal.SIGKILL)  # mid-render, no goodbye
        first.wait(timeout=20)
    version.refresh_from_db()
    assert version.pdf_status == Status.RENDERING
    assert _files(private_root) == []

    with worker(broker.url, tmp_path / "second.log", **fast):
        _wait_for(version, {Status.READY, Status.FAILED}, 240)
    version.refresh_from_db()
    assert version.pdf_status == Status.READY
    assert len(_files(private_root)) == 1
    assert len(read_back(version).pages) >= 2


def test_an_unwritable_media_folder_fails_with_a_reason_and_a_retry_works(
    broker, client_for, trajectory, tmp_path, settings
):
    """The worker's last attempt marks the version failed with a Dutch reason;
    the coordinator's "Opnieuw proberen" queues it again and it renders."""
    scenario = published_plan(trajectory)
    version = scenario.version
    blocker = tmp_path / "media-is-a-file"
    blocker.write_text("not a folder")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"  # mkdir: not a directory

    with pytest.raises(NotADirectoryError):  # an earlier attempt: Celery retries it
        plan_version_render_pdf(version_id=version.pk, final_attempt=False)
    version.refresh_from_db()
    assert version.pdf_status == Status.QUEUED
    with pytest.raises(NotADirectoryError):
        plan_version_render_pdf(version_id=version.pk, final_attempt=True)
    version.refresh_from_db()
    assert version.pdf_status == Status.FAILED
    assert "kon niet worden opgeslagen" in version.pdf_error

    coordinator = client_for("coordinator")
    url = reverse(
        "actionplans:version_detail", kwargs={"pk": trajectory.pk, "number": 1}
    )
    page = coordinator.get(url).content.decode()
    assert "De PDF kon niet worden gemaakt." in page
    assert "kon niet worden opgeslagen" in page

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # the folder is fixed
    retry = coordinator.post(
        reverse("actionplans:pdf_request", kwargs={"pk": trajectory.pk, "number": 1})
    )
    assert retry.status_code == 302
    version.refresh_from_db()
    assert version.pdf_status == Status.QUEUED
    assert plan_version_render_pdf(version_id=version.pk)["rendered"] is True
    version.refresh_from_db()
    assert version.pdf_status == Status.READY
    assert len(_files(tmp_path / "private")) == 1
    assert "downloaden (PDF)" in coordinator.get(url).content.decode()
