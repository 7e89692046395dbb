"""The journey's real Celery worker: the live server's tasks go to it.

The views queue their tasks with ``apply_async`` on the default queue; here
every task is routed to a queue of this test's own, so a message another test
left on the same Redis cannot reach this worker, nor this test's tasks another.
"""

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from goedgesprek.celery import app
from tests.conftest import require_service
from tests.test_celery_worker import BASE_DIR
from tests.test_celery_worker import CELERY
from tests.test_celery_worker import _worker_database_url


def _route_everything_to(queue: str | None) -> None:
    app.conf.task_routes = {"*": {"queue": queue}} if queue else None
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # a cached_property: built again


@pytest.fixture
def journey_worker(transactional_db, tmp_path, settings):
    """Start ``celery worker``; yield the folder its e-mails land in."""
    redis_url = require_service("REDIS_URL")
    assert not app.conf.task_always_eager, "REDIS_URL is set, tasks must not be eager"
    queue = f"journey-{uuid.uuid4().hex}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "DATABASE_URL": _worker_database_url(tmp_path),
        "CONN_MAX_AGE": "0",
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "DJANGO_PRIVATE_MEDIA_ROOT": str(private),
    }
    _route_everything_to(queue)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(CELERY), "-A", "goedgesprek", "worker", "--pool=solo"]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle"]
            + ["-Q", queue, "-l", "info"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield mail_dir
    finally:
        _route_everything_to(None)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        print(log_path.read_text())  # shown when the test failed
