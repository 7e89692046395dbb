"""GET /healthz: 200 when the database (and a configured broker) answer, else 503."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import require_service

BASE_DIR = Path(__file__).resolve().parent.parent
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
UNREACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:1/goedgesprek"


@pytest.mark.django_db
def test_healthz_is_ok_with_database_and_no_broker_configured(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "not configured",
    }


@pytest.mark.django_db
def test_healthz_is_ok_with_a_reachable_broker(client, settings):
    settings.CELERY_BROKER_URL = require_service("REDIS_URL")

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_unavailable_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unreachable",
    }


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_unavailable_when_the_database_is_unreachable():
    """A separate process, because this one already holds a database connection."""
    script = (
        "import json\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print('RESULT', json.dumps([response.status_code, response.json()]))\n"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": UNREACHABLE_POSTGRES,
    }

    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    result_line = next(
        line for line in completed.stdout.splitlines() if line.startswith("RESULT ")
    )
    status, body = json.loads(result_line.removeprefix("RESULT "))
    assert status == 503
    assert body == {
        "status": "unavailable",
        "database": "unreachable",
        "broker": "not configured",
    }
