"""Many phones voting at once against PostgreSQL: nothing lost, nothing twice."""

import random
import threading

import pytest
from django.db import connection
from django.db import connections

from sessions_app.voting.models import Voter
from sessions_app.voting.selectors import round_tally
from sessions_app.voting.services import VoteRejected
from sessions_app.voting.services import round_close
from sessions_app.voting.services import token_hash
from sessions_app.voting.services import vote_change
from sessions_app.voting.services import voter_join
from tests.conftest import IN_CI
from tests.sessions_app.factories import round_with_topics

THREADS = 12
VOTERS = 24
STEPS = 40


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run the concurrency test on PostgreSQL")
        pytest.skip("row-level concurrency needs PostgreSQL")


@pytest.mark.usefixtures("postgresql")
@pytest.mark.django_db(transaction=True)
def test_votes_cast_and_changed_from_many_threads_add_up_exactly(trajectory):
    """Each client keeps what the server accepted; the totals equal their sum.

    Two threads share every voter token, so requests of one voter race each
    other with the same form version: exactly one of them may apply.
    """
    voting_round, topics = round_with_topics(
        trajectory, count=5, votes_per_voter=3, max_per_topic=2
    )
    tokens = [voter_join(voting_round=voting_round) for _ in range(VOTERS)]
    held = {token: {} for token in tokens}
    versions = {token: 0 for token in tokens}
    locks = {token: threading.Lock() for token in tokens}
    outcomes = {"ok": 0, "rejected": 0}
    count_lock = threading.Lock()
    errors = []
    barrier = threading.Barrier(THREADS)

    def work(seed: int):
        rng = random.Random(seed)  # noqa: S311 - test data
        try:
            barrier.wait()
            for _ in range(STEPS):
                token = tokens[rng.randrange(VOTERS)]
                topic = topics[rng.randrange(len(topics))]
                delta = rng.choice((1, 1, -1))
                with locks[token]:
                    version = versions[token]
                try:
                    outcome = vote_change(
                        code=voting_round.code,
                        token=token,
                        topic_id=topic.pk,
                        delta=delta,
                        version=version,
                    )
                except VoteRejected:
                    with count_lock:
                        outcomes["rejected"] += 1
                    continue
                with locks[token]:
                    # Only the request that moved version -> version+1 applied.
                    assert versions[token] == version
                    versions[token] = outcome.voter.version
                    held[token] = dict(outcome.voter.ballot)
                with count_lock:
                    outcomes["ok"] += 1
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert outcomes["ok"] > 0
    assert outcomes["rejected"] > 0
    expected: dict[int, int] = {}
    for ballot in held.values():
        for key, count in ballot.items():
            expected[int(key)] = expected.get(int(key), 0) + count
    expected = {pk: n for pk, n in expected.items() if n}
    assert round_tally(voting_round, cached=False).totals == expected
    for token in tokens:
        voter = Voter.objects.get(token_hash=token_hash(token))
        assert voter.ballot == held[token]
        assert voter.version == versions[token]
        assert sum(voter.ballot.values()) == voter.votes_used <= 3
        assert all(n <= 2 for n in voter.ballot.values())


@pytest.mark.usefixtures("postgresql")
@pytest.mark.django_db(transaction=True)
def test_votes_racing_the_close_are_counted_before_it_or_refused(trajectory):
    voting_round, topics = round_with_topics(
        trajectory, count=2, votes_per_voter=20, max_per_topic=20
    )
    tokens = [voter_join(voting_round=voting_round) for _ in range(8)]
    accepted = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens) + 1)

    def voter(token):
        barrier.wait()
        version = 0
        for _ in range(15):
            try:
                outcome = vote_change(
                    code=voting_round.code,
                    token=token,
                    topic_id=topics[0].pk,
                    delta=1,
                    version=version,
                )
            except VoteRejected:
                break
            version = outcome.voter.version
            with lock:
                accepted.append(token)
        connections.close_all()

    def closer():
        barrier.wait()
        round_close(voting_round=voting_round)
        connections.close_all()

    threads = [threading.Thread(target=voter, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=closer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = round_tally(voting_round, cached=False).totals.get(topics[0].pk, 0)
    assert total == len(accepted)
