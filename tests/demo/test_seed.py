"""``manage.py seed_demo``: a demo trajectory and one login per role, once."""

from io import StringIO

import pytest
import rules
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from demo.seed import DEMO_PASSWORD
from demo.seed import DEMO_USERS
from regions.models import RegionMembership
from regions.models import Trajectory
from regions.selectors import trajectory_list_visible_to
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from tests.demo.conftest import seeded_once


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """What ``seed_demo`` printed, once for the module (see conftest)."""
    with seeded_once(django_db_blocker, tmp_path_factory) as out:
        yield out


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "memberships": RegionMembership.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "facilitators": Trajectory.facilitators.through.objects.count(),
        "policy_makers": Trajectory.policy_makers.through.objects.count(),
        "municipalities": Trajectory.municipalities.through.objects.count(),
        "meetings": Meeting.objects.count(),
        "invitees": Invitee.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_trajectory_in_rijk_van_nijmegen(seeded):

    trajectory = Trajectory.objects.get(name="Het goede gesprek Rijk van Nijmegen")
    assert trajectory.region.code == "JZ32"
    assert trajectory.municipalities.count() == 7


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role(seeded):

    emails = set(User.objects.values_list("email", flat=True))
    assert emails == {email for _key, email, _name, _description in DEMO_USERS}


@pytest.mark.django_db
def test_seed_demo_twice_duplicates_nothing(seeded):
    first = counts()

    seed()

    assert counts() == first
    assert first["users"] == len(DEMO_USERS)
    assert first["memberships"] == 3
    # The demo, its predecessor, and three elsewhere for the national figure.
    assert first["trajectories"] == 5


@pytest.mark.django_db
def test_seed_demo_adds_a_past_and_a_planned_meeting_with_answers(seeded):
    out = seeded

    trajectory = Trajectory.objects.get(name="Het goede gesprek Rijk van Nijmegen")
    meetings = list(Meeting.objects.filter(trajectory=trajectory).order_by("position"))
    now = timezone.now()
    assert [m.kind for m in meetings] == [
        "kennismaking",
        "onderwerpkeuze",
        "actiebijeenkomst",
    ]
    assert meetings[0].starts_at < now < meetings[1].starts_at
    assert meetings[2].starts_at is None
    assert meetings[0].invitees.filter(attended=True).exists()
    answers = set(meetings[1].invitees.values_list("response", flat=True))
    assert answers == {"yes", "maybe", "no", "pending"}
    assert meetings[1].invitees.filter(needs_childcare=True).exists()
    planned_invitee = meetings[1].invitees.order_by("email").first()
    assert planned_invitee.get_rsvp_url() in out


@pytest.mark.django_db
def test_seed_demo_prints_the_address_and_every_login(seeded):
    out = seed("--base-url", "http://127.0.0.1:8123/")

    assert "http://127.0.0.1:8123/account/login/" in out
    for _key, email, _name, _description in DEMO_USERS:
        assert email in out
    assert DEMO_PASSWORD in out


@pytest.mark.django_db
def test_each_demo_login_works_with_the_printed_password(client, seeded):

    for _key, email, _name, _description in DEMO_USERS:
        response = client.post(
            "/account/login/", {"login": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        assert response["Location"] == "/dashboard/"
        client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "sees_demo", "may_change"),
    [
        ("nvp@demo.goedgesprek.nl", True, True),
        ("coordinator@demo.goedgesprek.nl", True, True),
        ("gespreksleider@demo.goedgesprek.nl", True, False),
        ("beleid@demo.goedgesprek.nl", True, False),
        ("coordinator-wbo@demo.goedgesprek.nl", False, False),
    ],
)
def test_demo_users_have_the_role_their_description_promises(
    email, sees_demo, may_change, seeded
):
    user = User.objects.get(email=email)
    demo = Trajectory.objects.get(name="Het goede gesprek Rijk van Nijmegen")

    assert (demo in trajectory_list_visible_to(user=user)) is sees_demo
    assert rules.has_perm("regions.change_trajectory", user, demo) is may_change


@pytest.mark.django_db
def test_seed_demo_adds_a_finished_round_with_chosen_topics_and_an_open_one(
    seeded,
):
    from sessions_app.voting.models import VotingRound
    from sessions_app.voting.selectors import per_role_rankings
    from sessions_app.voting.selectors import round_tally

    out = seeded
    seed()

    rounds = VotingRound.objects.filter(
        trajectory__name="Het goede gesprek Rijk van Nijmegen"
    )
    finished = rounds.get(status=VotingRound.Status.CLOSED)
    open_round = rounds.get(status=VotingRound.Status.OPEN)
    assert f"Voting code: {open_round.code}" in out
    assert 3 <= finished.chosen_topics.count() <= 5
    roles = per_role_rankings(finished, round_tally(finished, cached=False))
    assert any(role.rows for role in roles)
    assert any(role.small for role in roles)
    assert {r.meeting.kind for r in (finished, open_round)} == {"onderwerpkeuze"}
    assert finished.show_per_role
