"""Hostile input on the action owner's personal link: never a 500, and a
refused note leaves no trace (no note, no status change)."""

import pytest
from django.urls import NoReverseMatch
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from actionplans import services
from actionplans.models import Action
from actionplans.models import OwnerLink
from actionplans.models import ProgressNote
from tests.actionplans.factories import plan_with_actions
from tests.regions.factories import TrajectoryFactory

SETTINGS = hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TOKENS = st.text(min_size=1, max_size=150).filter(lambda t: "/" not in t) | (
    st.sampled_from(
        ["x" * 43, "1.abc:def", "1:xyz", "²:x", "99999999999999999999.n:sig", "\x00"]
    )
)
IDS = st.integers(min_value=0, max_value=10**25)
TEXT = st.text(max_size=2100) | st.sampled_from(
    ["", " ", "\x00", "a\x00b", "x" * 2001, "<script>alert(1)</script>"]
)
STATUS = st.sampled_from(["", "planned", "done", "gereed", "DONE", "\x00"]) | st.text(
    max_size=15
)
POST = st.fixed_dictionaries(
    {}, optional={"text": TEXT | st.lists(TEXT, max_size=3), "status": STATUS}
) | st.dictionaries(st.text(max_size=10), st.text(max_size=50), max_size=4)


@pytest.fixture
def owner(trajectory):
    plan = plan_with_actions(trajectory, topics=2, actions=2)
    services.action_plan_publish(plan=plan, published_by=None)
    actions = list(Action.objects.filter(plan_topic__plan=plan).order_by("pk"))
    for action in actions[:2]:
        action.owner_email = "eigenaar@gemeente.nl"
        action.save()
    invite = services.owner_link_create(
        plan=plan, email="eigenaar@gemeente.nl", send_mail=False
    )
    # Another plan's action, owned by the same address: not reachable here.
    elsewhere = plan_with_actions(TrajectoryFactory(region=trajectory.region))
    Action.objects.filter(plan_topic__plan=elsewhere).update(
        owner_email="eigenaar@gemeente.nl"
    )
    return {"token": invite.token, "mine": actions[:2], "not_mine": actions[2:]}


def _state():
    return (
        ProgressNote.objects.count(),
        list(Action.objects.order_by("pk").values_list("status", "version")),
        list(OwnerLink.objects.order_by("pk").values_list("nonce", "revoked_at")),
    )


@SETTINGS
@given(token=TOKENS, action_pk=IDS, data=POST)
def test_any_token_is_refused_without_a_trace(client, owner, token, action_pk, data):
    before = _state()
    try:
        home = reverse("actionplans:owner_home", kwargs={"token": token})
        note = reverse(
            "actionplans:owner_note", kwargs={"token": token, "action_pk": action_pk}
        )
    except NoReverseMatch:
        return

    assert client.get(home).status_code == 404
    assert client.post(note, data).status_code == 404
    assert client.get(note).status_code == 302  # back to the (unknown) home page
    assert _state() == before


@SETTINGS
@given(action_pk=IDS, data=POST)
def test_a_real_token_cannot_write_on_actions_that_are_not_the_owners(
    client, owner, action_pk, data
):
    if action_pk in {action.pk for action in owner["mine"]}:
        return
    before = _state()
    url = reverse(
        "actionplans:owner_note",
        kwargs={"token": owner["token"], "action_pk": action_pk},
    )

    assert client.post(url, data).status_code == 404
    assert _state() == before


@SETTINGS
@given(data=POST, which=st.integers(min_value=0, max_value=1))
@example(data={"text": "Spreekuur gehouden", "status": "done"}, which=0)
@example(data={"text": "Gestart", "status": "bezig"}, which=1)
def test_random_posts_with_a_real_token_write_one_valid_note_or_nothing(
    client, owner, data, which
):
    action = owner["mine"][which]
    before = _state()
    url = reverse(
        "actionplans:owner_note",
        kwargs={"token": owner["token"], "action_pk": action.pk},
    )

    response = client.post(url, data)

    assert response.status_code == 303
    after = _state()
    if after == before:
        return
    # Accepted: exactly one note, on this action, within the limits.
    assert after[0] == before[0] + 1
    note = ProgressNote.objects.order_by("-pk").first()
    assert note.action_id == action.pk
    assert note.text.strip()
    assert len(note.text) <= 2000
    assert "\x00" not in note.text
    assert note.status in {"", *Action.Status.values}
    action.refresh_from_db()
    assert action.status in Action.Status.values
    if note.status:
        assert action.status == note.status
    assert after[2] == before[2]


@SETTINGS
@given(data=POST)
def test_a_revoked_link_writes_nothing(client, owner, data):
    link = OwnerLink.objects.get()
    if link.revoked_at is None:
        services.owner_link_revoke(link=link)
    before = _state()
    url = reverse(
        "actionplans:owner_note",
        kwargs={"token": owner["token"], "action_pk": owner["mine"][0].pk},
    )

    assert client.post(url, data).status_code == 410
    assert (
        client.get(
            reverse("actionplans:owner_home", kwargs={"token": owner["token"]})
        ).status_code
        == 410
    )
    assert _state() == before
