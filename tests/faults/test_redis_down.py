"""Redis stops: the survey and the votes keep working (issue #14).

The cache (rate-limit counters, the live tally) points at a private Redis
that the test kills. Every page keeps answering; figures come from the
database; the rate limiter lets people in rather than locking them out.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from regions.models import Trajectory
from sessions_app.voting.models import Voter
from sessions_app.voting.selectors import round_tally
from surveys.models import Response
from tests.faults.services import private_redis
from tests.regions.factories import TrajectoryFactory
from tests.sessions_app.factories import round_with_topics
from tests.surveys.respond_helpers import answer_all
from tests.surveys.respond_helpers import start

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def redis():
    with private_redis() as server:
        caches = {
            "default": {
                "BACKEND": "core.cache.DegradingRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        with override_settings(CACHES=caches, RATELIMIT_ENABLE=True):
            cache.set("faults:probe", "here")
            assert cache.get("faults:probe") == "here"  # really on that Redis
            yield server


def test_with_redis_stopped_a_survey_is_answered_and_stored(client, region, redis):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    redis.stop()
    assert cache.get("faults:probe") is None

    review = answer_all(client, start(client, trajectory), role="pleegouder")
    response = client.post(review)

    assert response.status_code == 302
    assert response["Location"].endswith("/bedankt/")
    assert Response.objects.filter(questionnaire__trajectory=trajectory).count() == 1


def test_with_redis_stopped_votes_are_cast_and_counted(client, trajectory, redis):
    voting_round, topics = round_with_topics(trajectory)
    redis.stop()

    joined = client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {"role": "ouder"},
    )
    assert joined.status_code == 303
    for topic in topics[:2]:
        version = Voter.objects.get(round=voting_round).version
        cast = client.post(
            reverse("voting:ballot_vote", kwargs={"code": voting_round.code}),
            {"topic": topic.pk, "action": "add", "version": version},
        )
        assert cast.status_code in (200, 303), cast.status_code

    tally = round_tally(voting_round)
    assert tally.voters == 1
    assert sorted(tally.totals.get(t.pk, 0) for t in topics) == [0, 0, 1, 1]


def test_with_redis_back_the_cache_is_used_again(client, trajectory, redis):
    redis.stop()
    cache.set("faults:probe", "lost")  # nothing to write to: no error
    redis.start()
    cache.set("faults:probe", "again")
    assert cache.get("faults:probe") == "again"
