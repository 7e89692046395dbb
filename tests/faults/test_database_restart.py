"""PostgreSQL restarts while people use the application (issue #14).

Requests that reach the database while it is gone get a Dutch 503 page, and
the same gunicorn serves again once the database is back: no restart of the
application, though its workers hold persistent connections (CONN_MAX_AGE).
"""

import threading
import time
from collections import Counter

import pytest

from tests.faults.services import fetch
from tests.faults.services import gunicorn
from tests.faults.services import manage
from tests.faults.services import private_postgres

pytestmark = [pytest.mark.faults]


def test_a_database_restart_gives_a_dutch_503_and_the_application_recovers():
    with private_postgres() as postgres:
        env = {
            "DATABASE_URL": postgres.url,
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "DJANGO_DEBUG": "0",
            "CONN_MAX_AGE": "60",
        }
        manage(env, "migrate", "--noinput", "-v0")
        with gunicorn(env) as base:
            # An unknown survey link: one database look-up, then a 404.
            url = f"{base}/v/bestaat-niet/"
            for _ in range(6):  # each worker now holds a connection
                assert fetch(url)[0] == 404

            answers: list[tuple[int, str]] = []
            stop = threading.Event()

            def visitor():
                while not stop.is_set():
                    answers.append(fetch(url))

            visitors = [threading.Thread(target=visitor) for _ in range(4)]
            for thread in visitors:
                thread.start()
            time.sleep(0.5)
            postgres.stop()
            time.sleep(2)
            postgres.start()
            time.sleep(1)
            stop.set()
            for thread in visitors:
                thread.join()

            statuses = Counter(status for status, _ in answers)
            assert set(statuses) <= {404, 503}, statuses
            assert statuses[503] >= 1, statuses
            for status, body in answers:
                if status == 503:
                    assert "Even niet bereikbaar" in body
                    assert '<html lang="nl">' in body

            # The same processes serve again, every request.
            deadline = time.monotonic() + 15
            while fetch(url)[0] != 404:
                assert time.monotonic() < deadline, "no recovery within 15 s"
                time.sleep(0.2)
            assert [fetch(url)[0] for _ in range(10)] == [404] * 10
