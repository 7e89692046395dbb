"""Two people save the same goal or action at the same moment: one wins, one is told."""

import threading

import pytest
from django.db import connection

from actionplans import services
from actionplans.models import Action
from actionplans.models import PlanTopic
from tests.actionplans.factories import ActionFactory
from tests.actionplans.factories import PlanTopicFactory
from tests.conftest import IN_CI


@pytest.fixture(autouse=True)
def _postgresql():
    """Row-level races need PostgreSQL (SQLite locks the whole database).

    The sequential conflict tests in test_services.py run everywhere.
    """
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run the concurrency tests on PostgreSQL")
        pytest.skip("row-level concurrency needs PostgreSQL")


def _race(save, texts):
    """Run ``save(text)`` for each text in its own thread, all at once."""
    barrier = threading.Barrier(len(texts))
    outcomes = {}

    def run(text):
        try:
            barrier.wait()
            save(text)
            outcomes[text] = "saved"
        except services.EditConflict as conflict:
            outcomes[text] = conflict.current
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_racing_goal_saves_one_wins_the_other_sees_it(trajectory):
    entry = PlanTopicFactory(plan__trajectory=trajectory)

    outcomes = _race(
        lambda text: services.plan_topic_update_goal(
            plan_topic=entry, goal=text, expected_version=1
        ),
        ["Tekst van Anna", "Tekst van Bram"],
    )

    winners = [t for t, o in outcomes.items() if o == "saved"]
    losers = [o for o in outcomes.values() if o != "saved"]
    assert len(winners) == 1
    assert len(losers) == 1
    assert losers[0].goal == winners[0]
    assert PlanTopic.objects.get(pk=entry.pk).goal == winners[0]
    assert PlanTopic.objects.get(pk=entry.pk).version == 2


@pytest.mark.django_db(transaction=True)
def test_two_racing_action_saves_one_wins_the_other_sees_it(trajectory):
    action = ActionFactory(plan_topic__plan__trajectory=trajectory)

    outcomes = _race(
        lambda text: services.action_update(
            action=action, expected_version=1, how=text
        ),
        ["Spreekuur elke maand", "Spreekuur elke week", "Geen spreekuur"],
    )

    winners = [t for t, o in outcomes.items() if o == "saved"]
    assert len(winners) == 1
    assert all(o.how == winners[0] for o in outcomes.values() if o != "saved")
    assert Action.objects.get(pk=action.pk).version == 2
