"""A real Celery worker on Redis renders the verbeteragenda; the test reads it back."""

import pytest
from django.db import connection

from actionplans.tasks import plan_version_render_pdf_task
from tests.actionplans.scenario import published_plan
from tests.actionplans.test_pdf import assert_accessible_plan_pdf
from tests.actionplans.test_pdf import read_back
from tests.test_celery_worker import mail_dir  # noqa: F401 - a fixture
from tests.test_celery_worker import worker  # noqa: F401 - the fixture

# Starting a worker and rendering 15 pages on a busy 2-core machine can take
# well over the minute tests/test_celery_worker.py allows for a ping.
RENDER_TIMEOUT = 300


def _result(async_result):
    return async_result.get(timeout=RENDER_TIMEOUT)


pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pdf_worker(request, monkeypatch, settings, tmp_path):
    """The worker, writing PDFs where this test reads them."""
    root = tmp_path / "private"
    monkeypatch.setenv("DJANGO_PRIVATE_MEDIA_ROOT", str(root))
    settings.PRIVATE_MEDIA_ROOT = root
    return request.getfixturevalue("worker")


def test_worker_renders_the_pdf_once(pdf_worker, trajectory):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL lets the worker share the test database")
    scenario = published_plan(trajectory)

    first = _result(
        plan_version_render_pdf_task.apply_async(
            args=[scenario.version.pk], queue=pdf_worker
        )
    )
    second = _result(
        plan_version_render_pdf_task.apply_async(
            args=[scenario.version.pk], queue=pdf_worker
        )
    )

    assert first["rendered"] is True
    assert second == {
        "version": scenario.version.pk,
        "status": "ready",
        "rendered": False,
    }
    assert_accessible_plan_pdf(read_back(scenario.version), scenario)
