"""Hostile and malformed input on the join and vote endpoints: never a 500."""

import pytest
from django.urls import NoReverseMatch
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from tests.sessions_app.factories import round_with_topics

ANY_TEXT = st.text(max_size=200) | st.sampled_from(
    ["", "0", "-1", "1", "99999999999999999999", "\x00", "<script>", "' OR 1=1 --", "٣"]
)
FIELDS = st.sampled_from(
    ["topic", "action", "version", "role", "title", "code"]
) | st.text(max_size=10)
SETTINGS = hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def voting_round(trajectory):
    voting_round, _topics = round_with_topics(trajectory)
    voting_round.suggestions_open = True
    voting_round.save()
    return voting_round


@SETTINGS
@given(code=ANY_TEXT)
def test_any_typed_code_never_gives_a_server_error(client, voting_round, code):
    response = client.get(reverse("voting:join"), {"code": code})
    assert response.status_code in {200, 302, 400, 404}


@SETTINGS
@given(
    code=st.text(min_size=1, max_size=40),
    data=st.dictionaries(FIELDS, ANY_TEXT, max_size=5),
)
def test_any_code_in_the_url_never_gives_a_server_error(
    client, voting_round, code, data
):
    if code == voting_round.code:
        return
    before = (
        list(Voter.objects.values_list("pk", "ballot", "version")),
        list(Topic.objects.values_list("pk", "title", "status")),
    )
    for name in (
        "voting:ballot",
        "voting:ballot_join",
        "voting:ballot_vote",
        "voting:ballot_suggest",
    ):
        try:
            url = reverse(name, kwargs={"code": code})
        except NoReverseMatch:
            return
        # 429: many unknown codes from one address are refused (guessing).
        assert client.get(url).status_code in {200, 302, 404, 429}
        assert client.post(url, data).status_code in {200, 302, 303, 404, 429}
    # A code that is not a round's writes nothing: no voter, vote or topic.
    assert before == (
        list(Voter.objects.values_list("pk", "ballot", "version")),
        list(Topic.objects.values_list("pk", "title", "status")),
    )


@SETTINGS
@given(
    data=st.dictionaries(FIELDS, ANY_TEXT, max_size=5),
    # What a browser can send in a Cookie header: printable ASCII.
    cookie=st.text(
        alphabet=st.characters(
            min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\'
        ),
        max_size=60,
    ),
)
def test_random_votes_never_give_a_server_error_or_change_a_ballot(
    client, voting_round, data, cookie
):
    before = list(Voter.objects.values_list("ballot", "version"))
    client.cookies[f"gg_stem_{voting_round.code}"] = cookie
    for name in ("voting:ballot_vote", "voting:ballot_suggest", "voting:ballot"):
        url = reverse(name, kwargs={"code": voting_round.code})
        assert client.post(url, data).status_code in {200, 303}
    assert list(Voter.objects.values_list("ballot", "version")) == before
    assert not Topic.objects.filter(source=Topic.Source.PARTICIPANT).exists()


@SETTINGS
@given(
    data=st.dictionaries(FIELDS, ANY_TEXT | st.lists(ANY_TEXT, max_size=3), max_size=6)
)
def test_random_posts_of_a_real_voter_stay_within_the_limits(
    client, voting_round, data
):
    client.post(reverse("voting:ballot_join", kwargs={"code": voting_round.code}), data)
    response = client.post(
        reverse("voting:ballot_vote", kwargs={"code": voting_round.code}), data
    )
    assert response.status_code == 303
    for voter in Voter.objects.all():
        assert (
            sum(voter.ballot.values())
            == voter.votes_used
            <= voting_round.votes_per_voter
        )
        assert {int(k) for k in voter.ballot} <= set(voting_round.topic_ids)
