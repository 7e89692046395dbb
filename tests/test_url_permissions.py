"""Every URL pattern of the project, requested by every role.

Add a case here for each new URL pattern: ``test_every_url_pattern_is_in_the_matrix``
fails until you do. Expected values are status codes; 302 means a redirect
(to the login page for anonymous visitors).
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from regions.models import Region
from regions.models import Trajectory
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from surveys.services import questionnaire_get_or_create
from tests.accounts.factories import UserFactory
from tests.conftest import ROLES
from tests.conftest import make_users_by_role
from tests.regions.factories import RegionFactory
from tests.regions.factories import TrajectoryFactory
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


# About 1,900 cases share one world: two regions, a trajectory in each and a
# user per role, made once per module (per xdist worker) instead of once per
# case. Each case runs in a savepoint inside the module's transaction, so
# whatever a POST changes is rolled back after it; the world itself is rolled
# back at the end. The fixtures below hand every case fresh instances, so no
# object cached on a shared instance outlives its savepoint.
@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        region = RegionFactory(code="JZ32", name="Rijk van Nijmegen")
        other_region = RegionFactory(code="JZ34", name="West Brabant Oost")
        trajectory = TrajectoryFactory(region=region)
        other_trajectory = TrajectoryFactory(region=other_region)
        users = make_users_by_role(region, other_region, trajectory)
        yield {
            "region": region.pk,
            "other_region": other_region.pk,
            "trajectory": trajectory.pk,
            "other_trajectory": other_trajectory.pk,
            "users": {
                role: user.pk for role, user in users.items() if role != "anonymous"
            },
        }
        transaction.set_rollback(True)


@pytest.fixture
def region(db, _world):
    return Region.objects.get(pk=_world["region"])


@pytest.fixture
def other_region(db, _world):
    return Region.objects.get(pk=_world["other_region"])


@pytest.fixture
def trajectory(db, _world):
    return Trajectory.objects.get(pk=_world["trajectory"])


@pytest.fixture
def other_trajectory(db, _world):
    return Trajectory.objects.get(pk=_world["other_trajectory"])


@pytest.fixture
def users_by_role(db, _world):
    users = get_user_model().objects.in_bulk(_world["users"].values())
    by_role = {role: users[pk] for role, pk in _world["users"].items()}
    return {"anonymous": AnonymousUser(), **by_role}


def expect(anonymous=None, signed_in=None, **per_role):
    """Build ``{role: status}``: defaults for anonymous / signed-in, then overrides."""
    result = {}
    for role in ROLES:
        result[role] = anonymous if role == "anonymous" else signed_in
    result.update(per_role)
    return result


# A logged-in user without the permission gets 403 on a page without an
# object, but 404 on a page about an object (a trajectory, a region), the same
# answer as for an id that does not exist: ids do not reveal what exists.
NO_OBJECT_STAFF = expect(302, 403, staff=200)

# Views that follow one trajectory: staff, own-region coordinator, the
# assigned facilitator and the region's beleidsmaker may look.
FOLLOW_OWN = expect(
    302, 404, beleidsmaker=200, facilitator=200, coordinator=200, staff=200
)
# The same view for a trajectory of the other region: staff and that
# region's own coordinator; nobody from the first region.
FOLLOW_OTHER = expect(302, 404, other_coordinator=200, staff=200)
# Views that set up or change a trajectory: staff and the coordinator of its
# region; facilitators and beleidsmakers may look but not edit.
MANAGE_OWN = expect(302, 404, coordinator=200, staff=200)
MANAGE_OTHER = expect(302, 404, other_coordinator=200, staff=200)
# Django's admin: NVP staff only; everyone else goes to the admin's login.
ADMIN_STAFF = expect(302, 302, staff=200)


def _superuser(ctx):
    """A superuser beside the roles: staff may look at, not change, the account."""
    return UserFactory(is_staff=True, is_superuser=True, name="Beheer NVP")


# Meeting pages with contact data: the trajectory's staff only (facilitator,
# own-region coordinator, NVP staff), never beleidsmakers.
STAFF_OWN = expect(302, 404, facilitator=200, coordinator=200, staff=200)
STAFF_OTHER = expect(302, 404, other_coordinator=200, staff=200)


def _meeting(trajectory):
    meeting = Meeting.objects.filter(trajectory=trajectory).first()
    return meeting or MeetingFactory(trajectory=trajectory)


def _invitee(trajectory):
    meeting = _meeting(trajectory)
    return Invitee.objects.filter(meeting=meeting).first() or InviteeFactory(
        meeting=meeting
    )


def _meeting_kwargs(which):
    return lambda ctx: {"pk": ctx[which].pk, "meeting_pk": _meeting(ctx[which]).pk}


def _invitee_kwargs(which):
    def kwargs(ctx):
        invitee = _invitee(ctx[which])
        return {
            "pk": ctx[which].pk,
            "meeting_pk": invitee.meeting_id,
            "invitee_pk": invitee.pk,
        }

    return kwargs


def _token_kwargs(ctx):
    return {"token": _invitee(ctx["trajectory"]).token}


def _meeting_cases(name, method, own, other, kwargs=_meeting_kwargs):
    return [
        (name, kwargs("trajectory"), own, method),
        (name, kwargs("other_trajectory"), other, method),
    ]


def _editor_theme(trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    return questionnaire.themes.order_by("position", "pk").first()


def _editor_theme_kwargs(which):
    """Kwargs for an editor URL of the first theme of ``ctx[which]``."""
    return lambda ctx: {
        "pk": ctx[which].pk,
        "theme_pk": _editor_theme(ctx[which]).pk,
    }


def _editor_question_kwargs(which):
    """Kwargs for an editor URL of the first question of ``ctx[which]``."""

    def kwargs(ctx):
        question = _editor_theme(ctx[which]).questions.order_by("position").first()
        return {"pk": ctx[which].pk, "question_pk": question.pk}

    return kwargs


# (url name, kwargs builder, expected per role, method)
CASES = [
    ("home", None, expect(200, 200), "get"),
    ("dashboard", None, expect(302, 200), "get"),
    ("privacy", None, expect(200, 200), "get"),
    ("privacy_children", None, expect(200, 200), "get"),
    ("healthz", None, expect(200, 200), "get"),
    ("robots_txt", None, expect(200, 200), "get"),
    ("set_language", None, expect(302, 302), "post"),
    ("account_login", None, expect(200, 302), "get"),
    ("account_logout", None, expect(302, 200), "get"),
    ("account_inactive", None, expect(200, 200), "get"),
    ("account_signup", None, expect(200, 302), "get"),
    ("account_reauthenticate", None, expect(302, 200), "get"),
    # allauth 65.22 added reauthentication by e-mail code; with nobody
    # having asked for a code both pages send a signed-in user back.
    ("account_request_reauthentication_code", None, expect(302, 302), "get"),
    ("account_confirm_reauthentication_code", None, expect(302, 302), "get"),
    ("account_email", None, expect(302, 200), "get"),
    ("account_email_verification_sent", None, expect(200, 200), "get"),
    ("account_change_password", None, expect(302, 200), "get"),
    ("account_set_password", None, expect(302, 302), "get"),
    ("account_reset_password", None, expect(200, 200), "get"),
    ("account_reset_password_done", None, expect(200, 200), "get"),
    ("account_reset_password_from_key_done", None, expect(200, 200), "get"),
    (
        "account_reset_password_from_key",
        lambda ctx: {"uidb36": "zz", "key": "not-a-key"},
        expect(200, 200),
        "get",
    ),
    (
        "account_confirm_email",
        lambda ctx: {"key": "not-a-key"},
        expect(200, 200),
        "get",
    ),
    ("account_request_login_code", None, expect(200, 302), "get"),
    ("account_confirm_login_code", None, expect(302, 302), "get"),
    ("regions:invitation_create", None, NO_OBJECT_STAFF, "get"),
    (
        "accounts:invitation_accept",
        lambda ctx: {"token": "no-such-token"},
        expect(404, 404),
        "get",
    ),
    ("regions:region_list", None, expect(302, 200), "get"),
    (
        "regions:region_detail",
        lambda ctx: {"code": ctx["region"].code},
        expect(302, 200),
        "get",
    ),
    ("regions:region_detail", lambda ctx: {"code": "JZ99"}, expect(302, 404), "get"),
    (
        "regions:trajectory_detail",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "regions:trajectory_detail",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "regions:trajectory_start",
        None,
        # One region: straight on to its form (302); staff choose (200).
        expect(302, 403, coordinator=302, other_coordinator=302, staff=200),
        "get",
    ),
    (
        "regions:trajectory_create",
        lambda ctx: {"code": ctx["region"].code},
        MANAGE_OWN,
        "get",
    ),
    (
        "regions:trajectory_create",
        lambda ctx: {"code": ctx["other_trajectory"].region.code},
        MANAGE_OTHER,
        "get",
    ),
    (
        "regions:trajectory_create",
        lambda ctx: {"code": "JZ99"},
        expect(302, 404),
        "get",
    ),
    (
        "regions:trajectory_update",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        MANAGE_OWN,
        "get",
    ),
    (
        "regions:trajectory_update",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        MANAGE_OTHER,
        "get",
    ),
    (
        "regions:trajectory_assign",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        MANAGE_OWN,
        "get",
    ),
    (
        "regions:trajectory_assign",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        MANAGE_OTHER,
        "get",
    ),
    (
        "regions:trajectory_team_invite",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        MANAGE_OWN,
        "get",
    ),
    (
        "regions:trajectory_audit",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        MANAGE_OWN,
        "get",
    ),
    (
        "regions:trajectory_audit",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        MANAGE_OTHER,
        "get",
    ),
    (
        "regions:trajectory_team_invite",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        MANAGE_OTHER,
        "get",
    ),
    # An empty POST moves nothing; allowed users are sent back with a message.
    (
        "regions:trajectory_phase",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, coordinator=302, staff=302),
        "post",
    ),
    (
        "regions:trajectory_phase",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        expect(302, 404, other_coordinator=302, staff=302),
        "post",
    ),
    (
        "regions:trajectory_phase",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, coordinator=405, staff=405),
        "get",
    ),
    # The survey: public and anonymous, the same answer for every role.
    (
        "surveys:start",
        lambda ctx: {"public_token": ctx["trajectory"].public_token},
        expect(200, 200),
        "get",
    ),
    (
        "surveys:start_role",
        lambda ctx: {"public_token": ctx["trajectory"].public_token, "role": "ouder"},
        expect(200, 200),
        "get",
    ),
    (
        "surveys:thanks",
        lambda ctx: {"public_token": ctx["trajectory"].public_token},
        expect(200, 200),
        "get",
    ),
    ("surveys:resume", lambda ctx: {"token": "onbekend"}, expect(404, 404), "get"),
    (
        "surveys:step",
        lambda ctx: {"token": "onbekend", "step": 0},
        expect(404, 404),
        "get",
    ),
    ("surveys:submit", lambda ctx: {"token": "onbekend"}, expect(404, 404), "post"),
    ("surveys:restart", lambda ctx: {"token": "onbekend"}, expect(404, 404), "post"),
    # Survey links, QR codes and the response dashboard: who may follow.
    (
        "surveys:survey_links",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:survey_links",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:survey_qr_svg",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:survey_qr_svg",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:survey_qr_png",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:survey_qr_png",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:response_dashboard",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:response_dashboard",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:response_counts",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:response_counts",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    # Survey results and the slides (issue #4): who may follow.
    ("surveys:results", lambda ctx: {"pk": ctx["trajectory"].pk}, FOLLOW_OWN, "get"),
    (
        "surveys:results",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:results_theme",
        lambda ctx: {"pk": ctx["trajectory"].pk, "key": "belasting"},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:results_theme",
        lambda ctx: {"pk": ctx["other_trajectory"].pk, "key": "belasting"},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:results_presentation",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:results_presentation",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    # The questionnaire editor (issue #3): who may change the trajectory.
    ("surveys:editor", lambda ctx: {"pk": ctx["trajectory"].pk}, MANAGE_OWN, "get"),
    (
        "surveys:editor",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        MANAGE_OTHER,
        "get",
    ),
    (
        "surveys:editor_theme_edit",
        _editor_theme_kwargs("trajectory"),
        MANAGE_OWN,
        "get",
    ),
    (
        "surveys:editor_theme_edit",
        _editor_theme_kwargs("other_trajectory"),
        MANAGE_OTHER,
        "get",
    ),
    (
        "surveys:editor_question_add",
        _editor_theme_kwargs("trajectory"),
        MANAGE_OWN,
        "get",
    ),
    (
        "surveys:editor_question_add",
        _editor_theme_kwargs("other_trajectory"),
        MANAGE_OTHER,
        "get",
    ),
    (
        "surveys:editor_question_edit",
        _editor_question_kwargs("trajectory"),
        MANAGE_OWN,
        "get",
    ),
    (
        "surveys:editor_question_edit",
        _editor_question_kwargs("other_trajectory"),
        MANAGE_OTHER,
        "get",
    ),
    (
        "surveys:editor_question_delete",
        _editor_question_kwargs("trajectory"),
        MANAGE_OWN,
        "get",
    ),
    (
        "surveys:editor_question_delete",
        _editor_question_kwargs("other_trajectory"),
        MANAGE_OTHER,
        "get",
    ),
    # POST-only editor actions: an empty POST changes nothing and sends
    # allowed users back to the editor with a message; GET is not allowed.
    (
        "surveys:editor_theme_toggle",
        _editor_theme_kwargs("trajectory"),
        expect(302, 404, coordinator=302, staff=302),
        "post",
    ),
    (
        "surveys:editor_theme_toggle",
        _editor_theme_kwargs("other_trajectory"),
        expect(302, 404, other_coordinator=302, staff=302),
        "post",
    ),
    (
        "surveys:editor_theme_toggle",
        _editor_theme_kwargs("trajectory"),
        expect(302, 404, coordinator=405, staff=405),
        "get",
    ),
    (
        "surveys:editor_theme_move",
        _editor_theme_kwargs("trajectory"),
        expect(302, 404, coordinator=302, staff=302),
        "post",
    ),
    (
        "surveys:editor_theme_move",
        _editor_theme_kwargs("other_trajectory"),
        expect(302, 404, other_coordinator=302, staff=302),
        "post",
    ),
    (
        "surveys:editor_question_move",
        _editor_question_kwargs("trajectory"),
        expect(302, 404, coordinator=302, staff=302),
        "post",
    ),
    (
        "surveys:editor_question_move",
        _editor_question_kwargs("other_trajectory"),
        expect(302, 404, other_coordinator=302, staff=302),
        "post",
    ),
    # Open-answer review (issue #4): trajectory staff only, never beleidsmakers.
    # An empty POST changes nothing and shows the page again with an error.
    (
        "surveys:open_answer_review",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, facilitator=200, coordinator=200, staff=200),
        "get",
    ),
    (
        "surveys:open_answer_review",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        expect(302, 404, other_coordinator=200, staff=200),
        "get",
    ),
    (
        "surveys:open_answer_review",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, facilitator=200, coordinator=200, staff=200),
        "post",
    ),
    (
        "surveys:open_answer_review",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        expect(302, 404, other_coordinator=200, staff=200),
        "post",
    ),
    # Approved quotes and the aggregated exports: whoever follows the trajectory.
    ("surveys:quotes", lambda ctx: {"pk": ctx["trajectory"].pk}, FOLLOW_OWN, "get"),
    (
        "surveys:quotes",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:results_export_xlsx",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:results_export_xlsx",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    (
        "surveys:results_export_csv",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:results_export_csv",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    # Response-level data: trajectory staff only.
    (
        "surveys:responses_export_xlsx",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, facilitator=200, coordinator=200, staff=200),
        "get",
    ),
    (
        "surveys:responses_export_xlsx",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        expect(302, 404, other_coordinator=200, staff=200),
        "get",
    ),
    (
        "surveys:responses_export_csv",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, facilitator=200, coordinator=200, staff=200),
        "get",
    ),
    (
        "surveys:responses_export_csv",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        expect(302, 404, other_coordinator=200, staff=200),
        "get",
    ),
    # Topic suggestions and comparisons: whoever follows the trajectory.
    (
        "surveys:topic_suggestions",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        FOLLOW_OWN,
        "get",
    ),
    (
        "surveys:topic_suggestions",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    ("surveys:comparison", lambda ctx: {"pk": ctx["trajectory"].pk}, FOLLOW_OWN, "get"),
    (
        "surveys:comparison",
        lambda ctx: {"pk": ctx["other_trajectory"].pk},
        FOLLOW_OTHER,
        "get",
    ),
    # Meetings (issue #12). List, detail, invitees and attendance: the
    # trajectory's staff; planning and sending: staff and the coordinator.
    *_meeting_cases(
        "meetings:meeting_list",
        "get",
        STAFF_OWN,
        STAFF_OTHER,
        kwargs=lambda which: lambda ctx: {"pk": ctx[which].pk},
    ),
    *_meeting_cases(
        "meetings:meeting_defaults",
        "post",
        expect(302, 404, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
        kwargs=lambda which: lambda ctx: {"pk": ctx[which].pk},
    ),
    (
        "meetings:meeting_defaults",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        expect(302, 404, coordinator=405, staff=405),
        "get",
    ),
    # An empty POST is an invalid form: shown again with its errors.
    *_meeting_cases(
        "meetings:meeting_create",
        "post",
        expect(302, 404, coordinator=400, staff=400),
        expect(302, 404, other_coordinator=400, staff=400),
        kwargs=lambda which: lambda ctx: {"pk": ctx[which].pk},
    ),
    *_meeting_cases("meetings:meeting_detail", "get", STAFF_OWN, STAFF_OTHER),
    *_meeting_cases("meetings:meeting_update", "get", MANAGE_OWN, MANAGE_OTHER),
    *_meeting_cases("meetings:meeting_delete", "get", MANAGE_OWN, MANAGE_OTHER),
    # An empty move POST changes nothing and sends back with a message.
    *_meeting_cases(
        "meetings:meeting_move",
        "post",
        expect(302, 404, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
    ),
    # Empty notes are valid notes: saved, then back to the meeting.
    *_meeting_cases(
        "meetings:meeting_notes",
        "post",
        expect(302, 404, facilitator=302, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
    ),
    *_meeting_cases("meetings:invitee_list", "get", STAFF_OWN, STAFF_OTHER),
    *_meeting_cases(
        "meetings:invitee_list",
        "post",
        expect(302, 404, facilitator=400, coordinator=400, staff=400),
        expect(302, 404, other_coordinator=400, staff=400),
    ),
    *_meeting_cases(
        "meetings:invitee_update",
        "get",
        STAFF_OWN,
        STAFF_OTHER,
        kwargs=_invitee_kwargs,
    ),
    *_meeting_cases(
        "meetings:invitee_delete",
        "get",
        STAFF_OWN,
        STAFF_OTHER,
        kwargs=_invitee_kwargs,
    ),
    *_meeting_cases(
        "meetings:invitations_send",
        "post",
        expect(302, 404, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
    ),
    *_meeting_cases("meetings:attendance", "get", STAFF_OWN, STAFF_OTHER),
    *_meeting_cases(
        "meetings:attendance",
        "post",
        expect(302, 404, facilitator=302, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
    ),
    # The invitee's personal link: the token is the permission, for everyone.
    ("meetings:rsvp", _token_kwargs, expect(200, 200), "get"),
    ("meetings:rsvp", _token_kwargs, expect(400, 400), "post"),
    ("meetings:rsvp", lambda ctx: {"token": "onbekend"}, expect(404, 404), "get"),
    ("meetings:rsvp", lambda ctx: {"token": "onbekend"}, expect(404, 404), "post"),
    ("meetings:rsvp_ics", _token_kwargs, expect(200, 200), "get"),
    ("meetings:rsvp_ics", lambda ctx: {"token": "onbekend"}, expect(404, 404), "get"),
    # The admin's user pages (issue #11): staff may manage ordinary accounts;
    # a superuser's account they may only look at, so they cannot take it over.
    ("admin:accounts_user_changelist", None, ADMIN_STAFF, "get"),
    ("admin:accounts_user_add", None, ADMIN_STAFF, "get"),
    (
        "admin:accounts_user_change",
        lambda ctx: {"object_id": ctx["users"]["participant"].pk},
        ADMIN_STAFF,
        "get",
    ),
    (
        "admin:auth_user_password_change",
        lambda ctx: {"id": ctx["users"]["participant"].pk},
        ADMIN_STAFF,
        "get",
    ),
    (
        "admin:accounts_user_change",
        lambda ctx: {"object_id": _superuser(ctx).pk},
        ADMIN_STAFF,
        "get",
    ),
    (
        "admin:auth_user_password_change",
        lambda ctx: {"id": _superuser(ctx).pk},
        expect(302, 302, staff=403),
        "get",
    ),
    (
        "admin:accounts_user_delete",
        lambda ctx: {"object_id": _superuser(ctx).pk},
        expect(302, 302, staff=403),
        "get",
    ),
]


def _voting_round(which):
    """Kwargs ``pk`` of an open voting round of ``ctx[which]`` (made once)."""

    def kwargs(ctx):
        from sessions_app.voting.models import VotingRound
        from tests.sessions_app.factories import round_with_topics

        voting_round = VotingRound.objects.filter(trajectory=ctx[which]).first()
        if voting_round is None:
            voting_round, _topics = round_with_topics(ctx[which], count=3)
        return {"pk": voting_round.pk}

    return kwargs


def _round_code(ctx):
    from sessions_app.voting.models import VotingRound

    return {
        "code": VotingRound.objects.get(pk=_voting_round("trajectory")(ctx)["pk"]).code
    }


def _topic(which):
    def kwargs(ctx):
        from tests.sessions_app.factories import TopicFactory

        return {"pk": ctx[which].pk, "topic_pk": TopicFactory(trajectory=ctx[which]).pk}

    return kwargs


# Voting: staff, the own region's coordinator and the trajectory's
# facilitator run it; beleidsmakers do not.
RUN_OWN = expect(302, 404, facilitator=200, coordinator=200, staff=200)
RUN_OTHER = expect(302, 404, other_coordinator=200, staff=200)
RUN_OWN_POST = expect(302, 404, facilitator=302, coordinator=302, staff=302)
RUN_OTHER_POST = expect(302, 404, other_coordinator=302, staff=302)


def _voting_cases():
    cases = [
        # Voters: public, no account; the same answer for every role.
        ("voting:join", None, expect(200, 200), "get"),
        ("voting:ballot", lambda ctx: {"code": "ZZZZZZ"}, expect(404, 404), "get"),
        ("voting:ballot", _round_code, expect(200, 200), "get"),
        ("voting:ballot_join", _round_code, expect(303, 303), "post"),
        ("voting:ballot_join", _round_code, expect(302, 302), "get"),
        ("voting:ballot_vote", _round_code, expect(303, 303), "post"),
        ("voting:ballot_suggest", _round_code, expect(303, 303), "post"),
    ]
    for which, get, post in (
        ("trajectory", RUN_OWN, RUN_OWN_POST),
        ("other_trajectory", RUN_OTHER, RUN_OTHER_POST),
    ):
        traj = (lambda w: lambda ctx: {"pk": ctx[w].pk})(which)
        cases += [
            ("voting:longlist", traj, get, "get"),
            ("voting:longlist_import", traj, post, "post"),
            ("voting:topic_merge", traj, post, "post"),
            ("voting:topic_rename", _topic(which), get, "get"),
            ("voting:topic_decide", _topic(which), post, "post"),
            ("voting:round_open", traj, post, "post"),
            ("voting:round_detail", _voting_round(which), get, "get"),
            ("voting:round_settings", _voting_round(which), post, "post"),
            ("voting:round_bars", _voting_round(which), post, "post"),
            ("voting:round_per_role", _voting_round(which), post, "post"),
            ("voting:round_close", _voting_round(which), post, "post"),
            ("voting:round_paper", _voting_round(which), post, "post"),
            ("voting:round_second", _voting_round(which), post, "post"),
            ("voting:round_confirm", _voting_round(which), post, "post"),
            ("voting:round_projector", _voting_round(which), get, "get"),
            ("voting:round_tally", _voting_round(which), get, "get"),
            ("voting:round_qr", _voting_round(which), get, "get"),
        ]
    return cases


CASES += _voting_cases()


def _step_kwargs(which, step):
    def kwargs(ctx):
        return {**_meeting_kwargs(which)(ctx), "step": step}

    return kwargs


# Meeting mode: the trajectory's staff (facilitator, own-region coordinator,
# NVP staff) present; beleidsmakers and other regions get 404.
CASES += [
    *_meeting_cases(
        "presentation:step",
        "get",
        STAFF_OWN,
        STAFF_OTHER,
        kwargs=lambda w: _step_kwargs(w, 1),
    ),
    # A step past the last goes to the last one.
    *_meeting_cases(
        "presentation:step",
        "get",
        expect(302, 404, facilitator=302, coordinator=302, staff=302),
        expect(302, 404, other_coordinator=302, staff=302),
        kwargs=lambda w: _step_kwargs(w, 99),
    ),
    *_meeting_cases(
        "presentation:follow",
        "get",
        expect(302, 404, facilitator=204, coordinator=204, staff=204),
        expect(302, 404, other_coordinator=204, staff=204),
    ),
    *_meeting_cases("presentation:presenter", "get", STAFF_OWN, STAFF_OTHER),
    # A POST without a step changes nothing.
    *_meeting_cases(
        "presentation:presenter",
        "post",
        expect(302, 404, facilitator=400, coordinator=400, staff=400),
        expect(302, 404, other_coordinator=400, staff=400),
    ),
]


# Action plans ---------------------------------------------------------------------


def _plan_parts(trajectory):
    """The trajectory's plan with an entry, an action, version 1 and an owner link."""
    from actionplans import services as plan_services
    from actionplans.models import ActionPlan
    from tests.actionplans.factories import plan_with_actions

    plan = ActionPlan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        plan = plan_with_actions(trajectory, topics=1, actions=1)
        plan_services.action_plan_publish(plan=plan, published_by=None)
        invite = plan_services.owner_link_create(
            plan=plan, email="eigenaar@gemeente.nl", send_mail=False
        )
        action = plan.plan_topics.get().actions.get()
        action.owner_email = "eigenaar@gemeente.nl"
        action.save()
        plan._token = invite.token
        trajectory._plan_token = invite.token
    entry = plan.plan_topics.order_by("pk").first()
    return {
        "plan": plan,
        "entry": entry,
        "action": entry.actions.order_by("pk").first(),
        "link": plan.owner_links.order_by("pk").first(),
        "token": getattr(trajectory, "_plan_token", ""),
    }


def _plan_kwargs(which, *parts):
    def kwargs(ctx):
        found = _plan_parts(ctx[which])
        result = {"pk": ctx[which].pk}
        for part in parts:
            if part == "entry":
                result["entry_pk"] = found["entry"].pk
            elif part == "action":
                result["action_pk"] = found["action"].pk
            elif part == "version":
                result["number"] = 1
            elif part == "link":
                result["link_pk"] = found["link"].pk
        return result

    return kwargs


def _owner_token(ctx):
    return {"token": _plan_parts(ctx["trajectory"])["token"]}


def _owner_note_kwargs(ctx):
    parts = _plan_parts(ctx["trajectory"])
    return {"token": parts["token"], "action_pk": parts["action"].pk}


MANAGE_OWN_POST = expect(302, 404, coordinator=302, staff=302)
MANAGE_OTHER_POST = expect(302, 404, other_coordinator=302, staff=302)
# The PDF of a version that is not rendered yet: allowed roles get 404.
PDF_OWN = expect(
    302, 404, beleidsmaker=404, facilitator=404, coordinator=404, staff=404
)
PDF_OTHER = expect(302, 404, other_coordinator=404, staff=404)


def _plan_cases():
    cases = [
        (
            "actionplans:owner_home",
            lambda ctx: {"token": "x" * 43},
            expect(404, 404),
            "get",
        ),
        ("actionplans:owner_home", _owner_token, expect(200, 200), "get"),
        ("actionplans:owner_note", _owner_note_kwargs, expect(303, 303), "post"),
        ("actionplans:national", None, expect(302, 403, staff=200), "get"),
        # The whole trajectory as JSON: NVP staff only, any region.
        (
            "actionplans:trajectory_export",
            lambda ctx: {"pk": ctx["trajectory"].pk},
            expect(302, 404, staff=200),
            "get",
        ),
        (
            "actionplans:trajectory_export",
            lambda ctx: {"pk": ctx["other_trajectory"].pk},
            expect(302, 404, staff=200),
            "get",
        ),
    ]
    for which, view, edit, edit_post, manage, manage_post, pdf in (
        (
            "trajectory",
            FOLLOW_OWN,
            RUN_OWN,
            RUN_OWN_POST,
            MANAGE_OWN,
            MANAGE_OWN_POST,
            PDF_OWN,
        ),
        (
            "other_trajectory",
            FOLLOW_OTHER,
            RUN_OTHER,
            RUN_OTHER_POST,
            MANAGE_OTHER,
            MANAGE_OTHER_POST,
            PDF_OTHER,
        ),
    ):
        cases += [
            ("actionplans:plan", _plan_kwargs(which), view, "get"),
            ("actionplans:plan_start", _plan_kwargs(which), edit_post, "post"),
            ("actionplans:goal_edit", _plan_kwargs(which, "entry"), edit, "get"),
            ("actionplans:action_add", _plan_kwargs(which, "entry"), edit, "get"),
            ("actionplans:action_edit", _plan_kwargs(which, "action"), edit, "get"),
            (
                "actionplans:action_delete",
                _plan_kwargs(which, "action"),
                edit_post,
                "post",
            ),
            ("actionplans:note_add", _plan_kwargs(which, "action"), edit_post, "post"),
            ("actionplans:publish", _plan_kwargs(which), manage_post, "post"),
            ("actionplans:versions", _plan_kwargs(which), view, "get"),
            ("actionplans:version_diff", _plan_kwargs(which), view, "get"),
            ("actionplans:version_detail", _plan_kwargs(which, "version"), view, "get"),
            ("actionplans:pdf_status", _plan_kwargs(which, "version"), view, "get"),
            (
                "actionplans:pdf_request",
                _plan_kwargs(which, "version"),
                manage_post,
                "post",
            ),
            ("actionplans:pdf_download", _plan_kwargs(which, "version"), pdf, "get"),
            ("actionplans:progress", _plan_kwargs(which), view, "get"),
            ("actionplans:owners", _plan_kwargs(which), manage, "get"),
            (
                "actionplans:owner_revoke",
                _plan_kwargs(which, "link"),
                manage_post,
                "post",
            ),
        ]
    return cases


CASES += _plan_cases()


def case_url(name, kwargs_fn, **ctx):
    """The URL of one CASES row, its kwargs built from ``ctx`` (trajectory, ...)."""
    return reverse(name, kwargs=kwargs_fn(ctx) if kwargs_fn else None)


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if namespace and ns:
                ns = f"{namespace}:{ns}"
            yield from _walk(pattern.url_patterns, ns or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def project_url_names():
    return set(_walk(get_resolver().url_patterns))


def test_every_url_pattern_is_in_the_matrix():
    covered = {name for name, *_ in CASES}
    missing = {
        name for name in project_url_names() if not name.startswith("admin:")
    } - covered
    assert not missing, f"Add these URL patterns to CASES: {sorted(missing)}"


def test_every_url_pattern_has_a_name():
    def unnamed(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from unnamed(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.name:
                yield prefix + str(pattern.pattern)

    # Django's admin and debug-only media serving are the only allowed exceptions.
    names = [
        p
        for p in unnamed(get_resolver().url_patterns)
        if not p.startswith("beheer/") and not p.startswith("media/")
    ]
    assert names == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs_fn", "expected", "method"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_url_answers_each_role_as_expected(
    name,
    kwargs_fn,
    expected,
    method,
    role,
    client_for,
    trajectory,
    other_trajectory,
    region,
    users_by_role,
):
    url = case_url(
        name,
        kwargs_fn,
        trajectory=trajectory,
        other_trajectory=other_trajectory,
        region=region,
        users=users_by_role,
    )
    client = client_for(role)
    response = getattr(client, method)(url)
    assert response.status_code == expected[role], (
        f"{role} {method.upper()} {url}: {response.status_code}, expected {expected[role]}"
    )


# Responses that may be cached: robots.txt is the same for everyone, and the
# QR code images of the public survey link (no results in them) are kept five
# minutes by the browser only.
CACHEABLE = {
    "robots_txt",
    "surveys:survey_qr_svg",
    "surveys:survey_qr_png",
    "voting:round_qr",
}


@pytest.mark.parametrize(
    ("name", "kwargs_fn", "expected", "method"),
    [case for case in CASES if case[3] == "get" and case[0] not in CACHEABLE],
    ids=[
        f"{c[0]}-{i}"
        for i, c in enumerate(CASES)
        if c[3] == "get" and c[0] not in CACHEABLE
    ],
)
def test_staff_pages_are_neither_cached_nor_indexed(
    name,
    kwargs_fn,
    expected,
    method,
    client_for,
    trajectory,
    other_trajectory,
    region,
    users_by_role,
):
    """Every page NVP staff can open (all of them) says private, no-store, noindex."""
    url = case_url(
        name,
        kwargs_fn,
        trajectory=trajectory,
        other_trajectory=other_trajectory,
        region=region,
        users=users_by_role,
    )
    response = client_for("staff").get(url)

    cache_control = {
        part.strip() for part in response.get("Cache-Control", "").split(",")
    }
    assert {"private", "no-store"} <= cache_control, (url, cache_control)
    assert "noindex" in response.get("X-Robots-Tag", ""), url


def _admin_urls(ctx):
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_nvp_staff_only(role, client_for, trajectory, other_trajectory):
    client = client_for(role)
    for url in _admin_urls({}):
        response = client.get(url)
        if role == "staff":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "/beheer/login/" in response["Location"], url
