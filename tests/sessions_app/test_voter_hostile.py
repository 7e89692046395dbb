"""Hostile input on the voter pages beyond the vote itself: joining with a
role and suggesting a topic. Never a 500; what is refused writes no row."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from regions.models import ParticipantRole
from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from sessions_app.voting.models import VotingRound
from tests.conftest import clear_own_cache
from tests.sessions_app.factories import round_with_topics

SETTINGS = hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
VALID_ROLES = {"", *ParticipantRole.values}
ROLES = (
    st.sampled_from(sorted(VALID_ROLES))
    | st.text(max_size=30)
    | st.sampled_from(["\x00", "OUDER", "ouder ", "beheerder", "staff"])
)
TITLES = st.text(max_size=200) | st.sampled_from(
    ["", "ab", "  ab  ", "abc", "x" * 150, "x" * 151, "\x00\x00\x00", "a\x00bc"]
)
EXTRA = st.dictionaries(
    st.sampled_from(["code", "topic", "source", "status", "trajectory"]),
    st.text(max_size=20),
    max_size=3,
)


@pytest.fixture
def voting_round(trajectory):
    voting_round, _topics = round_with_topics(trajectory)
    voting_round.suggestions_open = True
    voting_round.save()
    return voting_round


def _fresh(client):
    """Each example is a new phone: no cookies, no rate-limit counts."""
    client.cookies.clear()
    clear_own_cache()


def _rows():
    return (
        list(Voter.objects.order_by("pk").values_list("role", "ballot", "version")),
        list(Topic.objects.order_by("pk").values_list("title", "source", "status")),
    )


@SETTINGS
@given(role=ROLES | st.lists(ROLES, max_size=3), extra=EXTRA)
def test_joining_with_any_role_adds_one_voter_or_none(
    client, voting_round, role, extra
):
    _fresh(client)
    voters, topics = _rows()

    response = client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {**extra, "role": role},
    )

    assert response.status_code in {302, 303}
    after_voters, after_topics = _rows()
    assert after_topics == topics
    sent = role[-1] if isinstance(role, list) and role else role
    if isinstance(role, list) and not role:
        sent = ""
    if sent in VALID_ROLES:
        assert response.status_code == 303
        assert len(after_voters) == len(voters) + 1
        assert Voter.objects.order_by("-pk").first().role == sent
    else:
        assert after_voters == voters


@SETTINGS
@given(role=ROLES, extra=EXTRA)
def test_nobody_joins_a_closed_round(client, voting_round, role, extra):
    _fresh(client)
    VotingRound.objects.filter(pk=voting_round.pk).update(
        status=VotingRound.Status.CLOSED, closed_at=timezone.now()
    )
    before = _rows()

    response = client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {**extra, "role": role},
    )

    assert response.status_code in {302, 303}
    assert _rows() == before


@SETTINGS
@given(title=TITLES | st.lists(TITLES, max_size=3), extra=EXTRA, joined=st.booleans())
@example(title="Meer steun na een breakdown", extra={}, joined=True)
def test_a_suggestion_is_one_pending_topic_or_nothing(
    client, voting_round, title, extra, joined
):
    _fresh(client)
    code = voting_round.code
    if joined:
        client.post(reverse("voting:ballot_join", kwargs={"code": code}), {"role": ""})
    voters, topics = _rows()

    response = client.post(
        reverse("voting:ballot_suggest", kwargs={"code": code}),
        {**extra, "title": title},
    )

    assert response.status_code == 303
    after_voters, after_topics = _rows()
    assert after_voters == voters
    new = after_topics[len(topics) :]
    assert after_topics[: len(topics)] == topics
    assert len(new) <= 1
    if not joined:
        assert new == []
    for new_title, source, status in new:
        assert 3 <= len(new_title) <= 150
        assert new_title == new_title.strip()
        assert "\x00" not in new_title
        assert source == Topic.Source.PARTICIPANT
        assert status == Topic.Status.PENDING
