"""Two workers sending the same e-mail at once: exactly one sends (PostgreSQL)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.db import connections

from sessions_app.meetings import services
from tests.sessions_app.factories import InviteeFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _race(function, invitee_id):
    barrier = threading.Barrier(THREADS)
    results = []
    errors = []

    def run():
        try:
            barrier.wait()
            results.append(function(invitee_id=invitee_id))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_an_invitation_claimed_by_many_threads_is_sent_once():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locking")
    invitee = InviteeFactory()

    results = _race(services.invitation_email_send, invitee.pk)

    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert len(mail.outbox) == 1


def test_a_reminder_claimed_by_many_threads_is_sent_once():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locking")
    from django.utils import timezone

    invitee = InviteeFactory(invitation_sent_at=timezone.now())

    results = _race(services.reminder_email_send, invitee.pk)

    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert len(mail.outbox) == 1
