"""What a vote and the voter's page cost: statements and Redis round trips.

200 phones in a hall tap and reload their page every few seconds
(``make bench``, vote_cast): each statement and each round trip to Redis is
paid some 70 times a second.
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.urls import reverse
from django_ratelimit.core import get_usage
from redis.connection import Connection

from sessions_app.voting.limits import cookie_name
from sessions_app.voting.models import Voter
from sessions_app.voting.services import paper_ballot_add
from tests.conftest import require_service
from tests.sessions_app.factories import round_with_topics

pytestmark = pytest.mark.django_db


@contextmanager
def redis_round_trips():
    """Count what is sent to Redis: one send per command, or per pipeline."""
    sent: list[bytes] = []
    send = Connection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    Connection.send_packed_command = counting  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        Connection.send_packed_command = send  # type: ignore[method-assign]


def _joined(client, trajectory):
    voting_round, topics = round_with_topics(trajectory, votes_per_voter=3)
    response = client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {"role": "ouder"},
    )
    assert response.status_code == 303
    return voting_round, topics


def _vote(client, voting_round, topic, version):
    return client.post(
        reverse("voting:ballot_vote", kwargs={"code": voting_round.code}),
        {"topic": topic.pk, "action": "add", "version": version},
    )


def test_a_vote_is_two_statements_and_one_redis_round_trip(
    client, trajectory, django_assert_max_num_queries
):
    require_service("REDIS_URL")  # the cache is Redis only with it
    voting_round, topics = _joined(client, trajectory)
    # The first vote starts the voter's counter, the second adds to it.
    assert _vote(client, voting_round, topics[0], 0)["X-Vote"] == "ok"
    with django_assert_max_num_queries(2), redis_round_trips() as sent:
        response = _vote(client, voting_round, topics[1], 1)
    assert response["X-Vote"] == "ok"
    assert len(sent) == 1, sent  # the voter's rate limit, counted in one pipeline


def test_the_voter_page_is_two_statements_and_no_redis(
    client, trajectory, django_assert_num_queries
):
    voting_round, topics = _joined(client, trajectory)
    assert _vote(client, voting_round, topics[0], 0)["X-Vote"] == "ok"
    path = reverse("voting:ballot", kwargs={"code": voting_round.code})
    # The voter with its round (by the token's hash), and the round's topics.
    with django_assert_num_queries(2), redis_round_trips() as sent:
        page = client.get(path)
    assert page.status_code == 200
    assert "1 stem van u" in page.content.decode()
    assert sent == []


def test_without_a_token_of_the_round_the_page_still_counts_guessed_codes(
    client, trajectory, settings
):
    settings.VOTER_CODE_GUESS_RATE = "1/d"
    voting_round, _topics = round_with_topics(trajectory)
    client.get(reverse("voting:ballot", kwargs={"code": "ZZZZZZ"}))
    client.get(reverse("voting:ballot", kwargs={"code": "ZZZZZY"}))
    client.cookies[cookie_name(voting_round.code)] = "not-a-token"
    page = client.get(reverse("voting:ballot", kwargs={"code": voting_round.code}))
    assert page.status_code == 429


def test_a_vote_counted_in_one_round_trip_is_django_ratelimits_count(
    client, trajectory, rf
):
    voting_round, topics = _joined(client, trajectory)
    for version in range(3):
        assert _vote(client, voting_round, topics[version], version)["X-Vote"] == "ok"
    request = rf.post("/")
    token = client.cookies[cookie_name(voting_round.code)].value
    usage = get_usage(
        request,
        group="voting.vote",
        key=lambda _group, _request: f"voter:{token}",
        rate=settings.VOTER_VOTE_RATE,
        increment=False,
    )
    assert usage is not None
    assert usage["count"] == 3
    assert Voter.objects.get().version == 3


def test_projectors_polling_within_a_second_share_one_drawing(
    client_for, trajectory, django_assert_num_queries
):
    voting_round, topics = round_with_topics(trajectory)
    paper_ballot_add(voting_round=voting_round, votes={topics[0].pk: 2})
    client = client_for("facilitator")
    url = reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    first = client.get(url)
    # Session, user, round, region roles, facilitator check: no tally, no
    # topics, nothing drawn.
    with django_assert_num_queries(5):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert topics[0].title in second.content.decode()


def test_a_changed_round_or_a_paper_ballot_is_drawn_anew(client_for, trajectory):
    voting_round, topics = round_with_topics(trajectory)
    client = client_for("facilitator")
    url = reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    assert topics[0].title in client.get(url).content.decode()
    client.post(reverse("voting:round_bars", kwargs={"pk": voting_round.pk}), {})
    assert topics[0].title not in client.get(url).content.decode()
    client.post(
        reverse("voting:round_paper", kwargs={"pk": voting_round.pk}),
        {f"topic_{topics[1].pk}": 1},
    )
    assert '<span class="number">1</span>' in client.get(url).content.decode()
