"""The voter's pages, the projector and the facilitator's pages: wiring."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from sessions_app.voting.services import paper_ballot_add
from tests.sessions_app.factories import TopicFactory
from tests.sessions_app.factories import round_with_topics

pytestmark = pytest.mark.django_db


def _join(client, voting_round, role="ouder"):
    response = client.post(
        reverse("voting:ballot_join", kwargs={"code": voting_round.code}),
        {"role": role},
    )
    assert response.status_code == 303
    return response


def _vote(client, voting_round, topic, action="add", version=None):
    if version is None:
        version = Voter.objects.order_by("-pk").first().version
    return client.post(
        reverse("voting:ballot_vote", kwargs={"code": voting_round.code}),
        {"topic": topic.pk, "action": action, "version": version},
    )


def test_home_page_links_to_the_join_page(client):
    response = client.get(reverse("home"))
    assert reverse("voting:join").encode() in response.content


def test_typing_the_code_in_lower_case_with_spaces_finds_the_round(client, trajectory):
    voting_round, _topics = round_with_topics(trajectory)
    typed = " ".join(voting_round.code.lower())
    response = client.get(reverse("voting:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "voting:ballot", kwargs={"code": voting_round.code}
    )


def test_an_unknown_or_malformed_code_gets_a_dutch_message(client, db):
    response = client.get(reverse("voting:join"), {"code": "AAAAAA"})
    assert response.status_code == 404
    assert "Deze code kennen we niet" in response.content.decode()
    response = client.get(reverse("voting:join"), {"code": "O0O0"})
    assert response.status_code == 400
    assert "6 letters en cijfers" in response.content.decode()


def test_a_voter_joins_votes_and_sees_what_is_left_without_javascript(
    client, trajectory
):
    voting_round, topics = round_with_topics(trajectory, votes_per_voter=3)
    page = client.get(reverse("voting:ballot", kwargs={"code": voting_round.code}))
    assert "Zeg ik liever niet" in page.content.decode()
    response = _join(client, voting_round)
    cookie = response.cookies[f"gg_stem_{voting_round.code}"]
    assert cookie["httponly"]
    assert Voter.objects.get().role == "ouder"
    response = _vote(client, voting_round, topics[0])
    assert response.status_code == 303
    assert response["X-Vote"] == "ok"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "U heeft nog 2 stemmen over." in html
    assert "1 stem van u" in html
    assert "<script" not in html


def test_a_replayed_vote_shows_a_dutch_message_and_counts_once(client, trajectory):
    voting_round, topics = round_with_topics(trajectory)
    _join(client, voting_round)
    _vote(client, voting_round, topics[0], version=0)
    response = _vote(client, voting_round, topics[0], version=0)
    assert response["X-Vote"] == "rejected"
    page = client.get(response["Location"])
    assert "al verwerkt" in page.content.decode()
    assert Voter.objects.get().ballot == {str(topics[0].pk): 1}


def test_the_voter_page_weighs_under_50_kb_with_its_assets(client, trajectory):
    voting_round, _topics = round_with_topics(trajectory, count=12)
    _join(client, voting_round)
    page = client.get(reverse("voting:ballot", kwargs={"code": voting_round.code}))
    html = page.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert b"bootstrap" not in html
    weight = len(html)
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as handle:
            weight += len(handle.read())
    assert weight < 50 * 1024, weight


def test_the_projector_shows_code_qr_and_bars_without_who_voted_what(
    client_for, trajectory
):
    voting_round, topics = round_with_topics(trajectory)
    paper_ballot_add(voting_round=voting_round, votes={topics[0].pk: 2}, role="ouder")
    client = client_for("facilitator")
    page = client.get(reverse("voting:round_projector", kwargs={"pk": voting_round.pk}))
    html = page.content.decode()
    assert voting_round.code in html
    assert reverse("voting:round_qr", kwargs={"pk": voting_round.pk}) in html
    assert 'hx-trigger="every 1s"' in html
    assert topics[0].title in html
    assert "ouder" not in html.lower().replace("pleegouder", "")
    qr = client.get(reverse("voting:round_qr", kwargs={"pk": voting_round.pk}))
    assert qr["Content-Type"] == "image/svg+xml"


def test_hidden_bars_show_only_the_number_of_voters(client_for, trajectory):
    voting_round, topics = round_with_topics(trajectory, show_bars=False)
    paper_ballot_add(voting_round=voting_round, votes={topics[0].pk: 1})
    client = client_for("facilitator")
    html = client.get(
        reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    ).content.decode()
    assert topics[0].title not in html
    assert "verborgen" in html
    client.post(
        reverse("voting:round_bars", kwargs={"pk": voting_round.pk}), {"show": "1"}
    )
    html = client.get(
        reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    ).content.decode()
    assert topics[0].title in html


def test_per_role_ranking_reaches_the_projector_only_once_switched_on(
    client_for, trajectory
):
    voting_round, topics = round_with_topics(trajectory)
    for _ in range(6):
        paper_ballot_add(
            voting_round=voting_round, votes={topics[0].pk: 1}, role="pleegouder"
        )
    client = client_for("facilitator")
    client.post(reverse("voting:round_close", kwargs={"pk": voting_round.pk}))
    tally_url = reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    detail_url = reverse("voting:round_detail", kwargs={"pk": voting_round.pk})
    switch_url = reverse("voting:round_per_role", kwargs={"pk": voting_round.pk})

    before = client.get(tally_url).content.decode()
    detail = client.get(detail_url).content.decode()
    assert client.post(switch_url, {"show": "1"}).status_code == 302
    after = client.get(tally_url).content.decode()
    client.post(switch_url, {"show": "0"})
    off_again = client.get(tally_url).content.decode()

    assert 'class="roles"' not in before
    assert "Toon per rol" in detail  # the facilitator sees it, and the switch
    assert "Pleegouder" in detail
    assert 'class="roles"' in after
    assert "Pleegouder" in after
    assert 'class="roles"' not in off_again
    voting_round.refresh_from_db()
    assert voting_round.show_per_role is False


def test_a_new_round_shows_no_per_role_ranking_until_switched_on(trajectory):
    voting_round, _topics = round_with_topics(trajectory)

    assert voting_round.show_per_role is False


@pytest.mark.parametrize("voters", [10, 200])
def test_the_tally_costs_the_same_queries_at_any_size(
    client_for, trajectory, django_assert_num_queries, voters
):
    voting_round, topics = round_with_topics(trajectory)
    for index in range(voters):
        paper_ballot_add(
            voting_round=voting_round,
            votes={topics[index % 4].pk: 1},
            role=["ouder", "pleegouder", ""][index % 3],
        )
    client = client_for("facilitator")
    url = reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    client.get(url)
    cache.clear()  # the cached tally would hide its two statements
    # session, user, round, region roles, facilitator check, two for the
    # tally, topics
    with django_assert_num_queries(8):
        client.get(url)


def test_facilitator_closes_confirms_and_opens_a_second_round(client_for, trajectory):
    voting_round, topics = round_with_topics(trajectory, count=6)
    for index, topic in enumerate(topics[1:], start=1):
        paper_ballot_add(voting_round=voting_round, votes={topic.pk: min(index, 3)})
    client = client_for("facilitator")
    detail = reverse("voting:round_detail", kwargs={"pk": voting_round.pk})
    client.post(reverse("voting:round_close", kwargs={"pk": voting_round.pk}))
    page = client.get(detail).content.decode()
    assert "gedeeld" in page
    response = client.post(
        reverse("voting:round_confirm", kwargs={"pk": voting_round.pk}),
        {"topics": [t.pk for t in topics[3:]]},
    )
    assert response.status_code == 302
    assert set(voting_round.chosen_topics.all()) == set(topics[3:])
    response = client.post(
        reverse("voting:round_second", kwargs={"pk": voting_round.pk}), {"top": 2}
    )
    second = voting_round.next_rounds.get()
    assert response["Location"] == second.get_absolute_url()


def test_paper_ballot_form_counts_a_ballot(client_for, trajectory):
    voting_round, topics = round_with_topics(trajectory)
    client = client_for("coordinator")
    client.post(
        reverse("voting:round_paper", kwargs={"pk": voting_round.pk}),
        {f"topic_{topics[1].pk}": "2", "role": "pleegkind"},
    )
    voter = Voter.objects.get()
    assert voter.is_paper
    assert voter.ballot == {str(topics[1].pk): 2}


def test_longlist_adds_merges_and_renames(client_for, trajectory):
    client = client_for("facilitator")
    url = reverse("voting:longlist", kwargs={"pk": trajectory.pk})
    client.post(url, {"title": "Respijtzorg", "reason": "Vaak genoemd"})
    client.post(url, {"title": "Logeeropvang", "reason": ""})
    first, second = Topic.objects.order_by("pk")
    client.post(
        reverse("voting:topic_merge", kwargs={"pk": trajectory.pk}),
        {"source": second.pk, "target": first.pk},
    )
    client.post(
        reverse(
            "voting:topic_rename", kwargs={"pk": trajectory.pk, "topic_pk": first.pk}
        ),
        {"title": "Respijtzorg en logeren"},
    )
    html = client.get(url).content.decode()
    assert "Respijtzorg en logeren" in html
    assert "Samengevoegd: Logeeropvang" in html


def test_participant_suggestion_waits_for_the_facilitator(
    client, client_for, trajectory
):
    voting_round, _topics = round_with_topics(trajectory)
    voting_round.suggestions_open = True
    voting_round.save()
    _join(client, voting_round)
    client.post(
        reverse("voting:ballot_suggest", kwargs={"code": voting_round.code}),
        {"title": "Vervoer naar bezoek"},
    )
    topic = Topic.objects.get(title="Vervoer naar bezoek")
    assert topic.status == Topic.Status.PENDING
    page = client.get(reverse("voting:ballot", kwargs={"code": voting_round.code}))
    assert "Vervoer naar bezoek" not in page.content.decode()
    staff = client_for("facilitator")
    staff.post(
        reverse(
            "voting:topic_decide", kwargs={"pk": trajectory.pk, "topic_pk": topic.pk}
        ),
        {"decision": "accept"},
    )
    voting_round.refresh_from_db()
    assert topic.pk in voting_round.topic_ids


def test_trajectory_page_shows_the_voting_section_to_facilitators(
    client_for, trajectory
):
    TopicFactory(trajectory=trajectory)
    html = client_for("facilitator").get(trajectory.get_absolute_url()).content.decode()
    assert reverse("voting:longlist", kwargs={"pk": trajectory.pk}) in html
    html = (
        client_for("beleidsmaker").get(trajectory.get_absolute_url()).content.decode()
    )
    assert reverse("voting:longlist", kwargs={"pk": trajectory.pk}) not in html
