"""Guessing ids never reveals another region's data.

Every URL pattern with an id in it is filled with the ids of region B's
objects (trajectory, meeting, invitee, theme, question, topic, voting round,
plan entry, action, owner link, plan version with its PDF, region code) and
opened by region A's coordinator, facilitator and beleidsmaker, with GET and
POST. The answer must be 403, 404 or a redirect to a login page, the same
answer as for ids that do not exist, and hold none of B's marker strings;
nothing in the database may change. Mixed ids (A's trajectory with B's
meeting) are refused the same way.

A new URL pattern with a kwarg the sweep cannot fill makes
``test_the_sweep_knows_every_url_pattern_with_an_id`` fail: teach it below.
"""

from typing import cast

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import OwnerLink
from actionplans.models import PlanTopic
from actionplans.models import PlanVersion
from actionplans.models import ProgressNote
from regions.models import Region
from regions.models import RegionMembership
from regions.models import Trajectory
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from sessions_app.voting.models import VotingRound
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Theme
from surveys.services import questionnaire_get_or_create
from tests.actionplans.factories import plan_with_actions
from tests.conftest import clear_own_cache
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory
from tests.sessions_app.factories import round_with_topics

# In every name, text and address of region B: never in an answer to A.
# Long enough that no random token on a page (a CSRF token, say) holds it by
# chance: a four-letter marker did, in one of the sweep's thousands of pages.
MARKER = "Zqxbvlnt"
# In region B's name only: regions and their municipalities are public
# reference data (CBS), shown to every signed-in user on the region page.
REGION_MARKER = "Wvkrtpsh"
# Pages about a region itself, open to every signed-in user: they may answer
# 200 for region B, but show none of B's trajectories or what is in them.
PUBLIC_REFERENCE = {"regions:region_detail"}

# Where each kwarg's value comes from. ``pk`` depends on the URL's start.
PK_BY_PREFIX = {"trajecten/<int:pk>/": "trajectory", "stemronden/<int:pk>/": "round"}
BY_KWARG = {
    "meeting_pk": "meeting",
    "invitee_pk": "invitee",
    "theme_pk": "theme",
    "question_pk": "question",
    "topic_pk": "topic",
    "entry_pk": "entry",
    "action_pk": "action",
    "link_pk": "link",
    "number": "version",
    "step": "step",
    "key": "theme_key",
    "code": "region_code",
}
# Values that only mean something inside a trajectory or plan (a version
# number, a step, a theme's key): not ids that could point into region B.
LOCAL = {"version", "step", "theme_key", "ct"}
# The admin: NVP staff only, whatever the id; every other role is sent to
# the admin's login page.
ADMIN_BY_KWARG = {"object_id": "trajectory", "id": "user", "content_type_id": "ct"}
# URLs whose string is a secret token or a code on the screen: the token is
# the permission, for everyone (fuzzed by the hypothesis tests), not an id.
CAPABILITY_URLS = {
    "surveys:start",
    "surveys:start_role",
    "surveys:thanks",
    "surveys:resume",
    "surveys:step",
    "surveys:submit",
    "surveys:restart",
    "accounts:invitation_accept",
    "meetings:rsvp",
    "meetings:rsvp_ics",
    "voting:ballot",
    "voting:ballot_join",
    "voting:ballot_vote",
    "voting:ballot_suggest",
    "actionplans:owner_home",
    "actionplans:owner_note",
    # allauth's keys in e-mails: random keys are fuzzed in
    # tests/test_public_pages_hostile.py.
    "account_reset_password_from_key",
    "account_confirm_email",
}
SWEEP_ROLES = ["coordinator", "facilitator", "beleidsmaker"]
LOGIN_PATHS = ("/account/login/", "/beheer/login/")
MISSING_ID = 10**9
HUGE_ID = 10**20


class UnknownKwarg(LookupError):
    pass


def _walk(patterns, namespace=None, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if namespace and ns:
                ns = f"{namespace}:{ns}"
            yield from _walk(
                pattern.url_patterns, ns or namespace, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), list(pattern.pattern.converters)


def patterns_with_ids():
    """(name, route, kwargs) of every named URL pattern that takes kwargs."""
    return sorted(
        (name, route, kwargs)
        for name, route, kwargs in _walk(get_resolver().url_patterns)
        if kwargs and name not in CAPABILITY_URLS
    )


def sources(name: str, route: str, kwargs: list[str]) -> dict[str, str]:
    """Which object fills each kwarg; ``UnknownKwarg`` if the sweep cannot tell."""
    found = {}
    for kwarg in kwargs:
        if name.startswith("admin:"):
            source = ADMIN_BY_KWARG.get(kwarg)
        elif kwarg == "pk":
            source = next(
                (s for prefix, s in PK_BY_PREFIX.items() if route.startswith(prefix)),
                None,
            )
        else:
            source = BY_KWARG.get(kwarg)
        if source is None:
            raise UnknownKwarg(f"{name} ({route}): {kwarg}")
        found[kwarg] = source
    return found


SWEPT = patterns_with_ids()


def test_the_sweep_knows_every_url_pattern_with_an_id():
    unknown = []
    for name, route, kwargs in SWEPT:
        try:
            sources(name, route, kwargs)
        except UnknownKwarg as error:
            unknown.append(str(error))
    assert not unknown, (
        "Teach tests/test_id_sweep.py how to fill these URL kwargs "
        f"(PK_BY_PREFIX, BY_KWARG or CAPABILITY_URLS): {unknown}"
    )


def _region_objects(trajectory, *, marker: str) -> dict:
    """One of each object in ``trajectory``, its texts carrying ``marker``."""
    region = trajectory.region
    if marker:
        Region.objects.filter(pk=region.pk).update(name=f"{REGION_MARKER} Regio")
        Trajectory.objects.filter(pk=trajectory.pk).update(name=f"{marker} Traject")
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    theme = questionnaire.themes.order_by("position", "pk")[0]
    question = theme.questions.order_by("position")[0]
    if marker:
        Theme.objects.filter(pk=theme.pk).update(title=f"{marker} Thema")
        Question.objects.filter(pk=question.pk).update(text=f"{marker} Vraag?")
    meeting = cast(
        Meeting, MeetingFactory(trajectory=trajectory, title=f"{marker} Bijeenkomst")
    )
    invitee = cast(
        Invitee,
        InviteeFactory(
            meeting=meeting,
            name=f"{marker} Genodigde",
            email=f"{marker or 'genodigde'}@example.org",
        ),
    )
    voting_round, topics = round_with_topics(trajectory, count=3)
    Topic.objects.filter(pk__in=[t.pk for t in topics]).update(
        title=f"{marker} Onderwerp"
    )
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    entry = plan.plan_topics.get()
    action = entry.actions.get()
    PlanTopic.objects.filter(pk=entry.pk).update(goal=f"{marker} Doel")
    Action.objects.filter(pk=action.pk).update(
        how=f"{marker} Actie",
        owner_email=f"{(marker or 'eigenaar').lower()}@gemeente.nl",
    )
    plan_services.action_plan_publish(plan=plan, published_by=None)
    version = plan.versions.get(number=1)
    version.pdf.save("plan.pdf", ContentFile(f"%PDF-1.4 {marker}".encode()))
    version.pdf_status = PlanVersion.PdfStatus.READY
    version.save()
    link = plan_services.owner_link_create(
        plan=plan,
        email=f"{(marker or 'eigenaar').lower()}@gemeente.nl",
        send_mail=False,
    ).link
    coordinator = RegionMembership.objects.filter(region=region).first()
    return {
        "trajectory": trajectory.pk,
        "round": voting_round.pk,
        "meeting": meeting.pk,
        "invitee": invitee.pk,
        "theme": theme.pk,
        "question": question.pk,
        "topic": topics[0].pk,
        "entry": entry.pk,
        "action": action.pk,
        "link": link.pk,
        "version": 1,
        "step": 1,
        "theme_key": theme.key,
        "region_code": region.code,
        "user": coordinator.user_id if coordinator else MISSING_ID,
        "ct": ContentType.objects.get_for_model(Trajectory).pk,
    }


def _missing(huge: bool) -> dict:
    number = HUGE_ID if huge else MISSING_ID
    return {
        "trajectory": number,
        "round": number,
        "meeting": number,
        "invitee": number,
        "theme": number,
        "question": number,
        "topic": number,
        "entry": number,
        "action": number,
        "link": number,
        "version": number,
        "step": 1,
        "theme_key": "bestaat-niet",
        "region_code": "JZ99",
        "user": number,
        "ct": ContentType.objects.get_for_model(Trajectory).pk,
    }


@pytest.fixture
def regions_a_and_b(users_by_role, trajectory, other_trajectory):
    """Region A with its roles and objects; region B's objects with markers."""
    return {
        "a": _region_objects(trajectory, marker=""),
        "b": _region_objects(other_trajectory, marker=MARKER),
    }


WATCHED = [
    Region,
    Trajectory,
    Questionnaire,
    Theme,
    Question,
    Meeting,
    Invitee,
    VotingRound,
    Topic,
    Voter,
    ActionPlan,
    PlanTopic,
    Action,
    ProgressNote,
    OwnerLink,
    PlanVersion,
    RegionMembership,
]


def _snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED
    }


def _url(name, route, kwargs, ids, **overrides):
    """The URL with ``ids``; ``overrides`` ({source: ids}) fill some kwargs."""
    filled = {}
    for kwarg, source in sources(name, route, kwargs).items():
        filled[kwarg] = overrides.get(source, ids)[source]
    return reverse(name, kwargs=filled)


def _answer(client, method, url):
    clear_own_cache()  # rate limits would turn the sweep into 429s
    response = getattr(client, method)(url)
    body = b"" if response.streaming else response.content
    return response.status_code, body, response.get("Location", "")


def _refused(status, location):
    if status in {403, 404, 405}:
        return True
    return status in {302, 303} and location.startswith(LOGIN_PATHS)


def _guesses(name, route, kwargs, ids_a, ids_b):
    """(label, guessed URL, URL of the same shape with ids that do not exist)."""
    missing, huge = _missing(huge=False), _missing(huge=True)
    yield (
        "B's ids",
        _url(name, route, kwargs, ids_b),
        _url(name, route, kwargs, missing),
    )
    yield (
        "huge ids",
        _url(name, route, kwargs, huge),
        _url(name, route, kwargs, missing),
    )
    used = set(sources(name, route, kwargs).values())
    if "trajectory" in used and used - LOCAL - {"trajectory"}:
        # A's own trajectory (and its local values) with B's other ids.
        own = {source: ids_a for source in LOCAL | {"trajectory"}}
        yield (
            "A's trajectory, B's ids",
            _url(name, route, kwargs, ids_b, **own),
            _url(name, route, kwargs, missing, **own),
        )


@pytest.mark.parametrize(
    ("name", "route", "kwargs"), SWEPT, ids=[name for name, _r, _k in SWEPT]
)
def test_region_a_cannot_reach_region_b_by_its_ids(
    name, route, kwargs, client_for, regions_a_and_b
):
    ids_a, ids_b = regions_a_and_b["a"], regions_a_and_b["b"]
    before = _snapshot()
    public = name in PUBLIC_REFERENCE
    markers = [MARKER] if public else [MARKER, REGION_MARKER]
    problems = []
    for role in SWEEP_ROLES:
        client = client_for(role)
        for method in ("get", "post"):
            for label, url, reference_url in _guesses(
                name, route, kwargs, ids_a, ids_b
            ):
                status, body, location = _answer(client, method, url)
                reference = _answer(client, method, reference_url)[0]
                where = f"{role} {method.upper()} {url} ({label})"
                if public:
                    pass
                elif not _refused(status, location):
                    problems.append(f"{where}: {status}")
                elif status != reference:
                    problems.append(
                        f"{where}: {status}, but {reference} for ids that do not exist"
                    )
                for marker in markers:
                    if marker.lower().encode() in body.lower() or marker in location:
                        problems.append(f"{where}: shows region B's data ({marker})")
    assert not problems, "\n".join(problems)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "route", "kwargs"),
    [case for case in SWEPT if not case[0].startswith("admin:")],
    ids=[name for name, _r, _k in SWEPT if not name.startswith("admin:")],
)
def test_the_sweeps_ids_are_real(name, route, kwargs, client_for, regions_a_and_b):
    """B's ids open B's pages for NVP staff: the sweep guesses ids that exist."""
    client = client_for("staff")
    status, _body, location = _answer(
        client, "get", _url(name, route, kwargs, regions_a_and_b["b"])
    )
    assert status in {200, 204, 302, 303, 405}, (name, status, location)
