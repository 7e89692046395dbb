"""Voters' rate limits: per cookie in a shared hall, per address for code guesses."""

import pytest
from django.test import Client
from django.urls import reverse

from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from tests.sessions_app.factories import round_with_topics

pytestmark = pytest.mark.django_db

HALL = "203.0.113.7"  # every phone in the hall behind one address


def _phone() -> Client:
    return Client(REMOTE_ADDR=HALL)


def _join(client, voting_round):
    return client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {"role": "ouder"},
    )


def _vote(client, voting_round, topic, version, action="add"):
    return client.post(
        reverse("voting:ballot_vote", kwargs={"code": voting_round.code}),
        {"topic": topic.pk, "action": action, "version": version},
    )


def _assert_dutch_429(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Even wachten" in text
    assert "Er is niets veranderd" in text


def test_votes_over_the_limit_get_a_dutch_429_and_change_nothing(settings, trajectory):
    # Day-long windows: django-ratelimit counts in fixed windows.
    settings.VOTER_VOTE_RATE = "3/d"
    voting_round, topics = round_with_topics(trajectory, votes_per_voter=5)
    phone = _phone()
    assert _join(phone, voting_round).status_code == 303
    voter = Voter.objects.get()
    for version in range(3):
        response = _vote(phone, voting_round, topics[version], version)
        assert response["X-Vote"] == "ok"
    response = _vote(phone, voting_round, topics[3], 3)
    _assert_dutch_429(response)
    assert response["X-Vote"] == "limited"
    voter.refresh_from_db()
    assert voter.version == 3
    assert voter.ballot == {str(t.pk): 1 for t in topics[:3]}


def test_the_hall_shares_an_address_but_each_voter_has_their_own_limit(
    settings, trajectory
):
    settings.VOTER_VOTE_RATE = "2/d"
    voting_round, topics = round_with_topics(trajectory)
    first, second = _phone(), _phone()
    _join(first, voting_round)
    _join(second, voting_round)
    for version in range(2):
        assert _vote(first, voting_round, topics[version], version)["X-Vote"] == "ok"
    assert _vote(first, voting_round, topics[2], 2).status_code == 429
    # Same address, another voter's cookie: still under their own limit.
    second_voter = Voter.objects.order_by("pk").last()
    response = _vote(second, voting_round, topics[0], second_voter.version)
    assert response["X-Vote"] == "ok"


def test_joins_over_the_limit_get_a_dutch_429_and_add_no_voter(settings, trajectory):
    settings.VOTER_JOIN_RATE = "2/d"
    voting_round, _topics = round_with_topics(trajectory)
    assert [_join(_phone(), voting_round).status_code for _ in range(2)] == [303, 303]
    response = _join(_phone(), voting_round)
    _assert_dutch_429(response)
    assert "gg_stem_" not in response.cookies.output()
    assert Voter.objects.count() == 2
    # Another hall is not affected.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert _join(other, voting_round).status_code == 303


def test_guessing_codes_is_limited_per_address_and_then_hides_real_codes(
    settings, trajectory
):
    settings.VOTER_CODE_GUESS_RATE = "3/d"
    voting_round, _topics = round_with_topics(trajectory)
    guesser = _phone()
    join = reverse("voting:join")
    assert [
        guesser.get(join, {"code": code}).status_code
        for code in ("AAAAAA", "BBBBBB", "CCCCCC")
    ] == [404, 404, 404]
    # A known code is found while under the limit; its look-up counts nothing.
    assert guesser.get(join, {"code": voting_round.code}).status_code == 302
    assert guesser.get(join, {"code": "DDDDDD"}).status_code == 404
    # Over the limit: a real code and a wrong one answer alike, and no join.
    for code in (voting_round.code, "EEEEEE"):
        response = guesser.get(join, {"code": code})
        assert response.status_code == 429
        assert "codes geprobeerd die niet bestaan" in response.content.decode()
    assert _join(guesser, voting_round).status_code == 429
    assert not Voter.objects.exists()
    assert (
        Client(REMOTE_ADDR="198.51.100.9")
        .get(join, {"code": voting_round.code})
        .status_code
        == 302
    )


def test_suggestions_over_the_limit_add_no_topic(settings, trajectory):
    settings.VOTER_SUGGEST_RATE = "1/d"
    voting_round, _topics = round_with_topics(trajectory)
    voting_round.suggestions_open = True
    voting_round.save()
    phone = _phone()
    _join(phone, voting_round)
    url = reverse("voting:ballot_suggest", kwargs={"code": voting_round.code})
    assert phone.post(url, {"title": "Meer vrije tijd"}).status_code == 303
    _assert_dutch_429(phone.post(url, {"title": "Nog een onderwerp"}))
    assert Topic.objects.filter(source=Topic.Source.PARTICIPANT).count() == 1


@pytest.fixture
def redis_down(settings):
    """A Redis cache on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


def test_without_redis_voters_can_still_join_and_vote(
    redis_down, settings, trajectory, caplog
):
    settings.VOTER_VOTE_RATE = "1/d"
    voting_round, topics = round_with_topics(trajectory)
    phone = _phone()
    assert (
        phone.get(reverse("voting:join"), {"code": voting_round.code}).status_code
        == 302
    )
    assert _join(phone, voting_round).status_code == 303
    for version in range(2):  # over the limit, but nothing can count it
        assert _vote(phone, voting_round, topics[version], version)["X-Vote"] == "ok"
    assert Voter.objects.get().version == 2
    assert "cache unreachable" in caplog.text
