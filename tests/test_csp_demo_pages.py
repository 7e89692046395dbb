"""The strict CSP on pages full of data: the demo trajectory, page by page.

The permission matrix (tests/test_csp_pages.py) sees nearly empty pages. Here
``seed_demo`` fills a trajectory with responses, results, meetings, a voting
round and a published plan; NVP staff then open every URL pattern of the
project with the demo's ids, every slide of the meeting mode and every
results theme. No page may hold inline script, inline style or handlers.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.models import OwnerLink
from demo.seed import DEMO_TRAJECTORY
from regions.models import Trajectory
from sessions_app.meetings.models import Meeting
from sessions_app.voting.models import Topic
from sessions_app.voting.models import VotingRound
from surveys.services import questionnaire_get_or_create
from tests.test_csp_pages import inline_code
from tests.test_id_sweep import SWEPT
from tests.test_id_sweep import _walk
from tests.test_id_sweep import sources
from tests.test_url_permissions import project_url_names

pytestmark = pytest.mark.django_db


def _demo_ids(trajectory) -> dict:
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    themes = list(questionnaire.themes.order_by("position", "pk"))
    question = themes[0].questions.order_by("position")[0]
    meeting = Meeting.objects.filter(
        trajectory=trajectory, invitees__isnull=False
    ).order_by("pk")[0]
    plan = ActionPlan.objects.get(trajectory=trajectory)
    entry = plan.plan_topics.order_by("pk")[0]
    return {
        "trajectory": trajectory.pk,
        "round": VotingRound.objects.filter(trajectory=trajectory)[0].pk,
        "meeting": meeting.pk,
        "invitee": meeting.invitees.order_by("pk")[0].pk,
        "theme": themes[0].pk,
        "question": question.pk,
        "topic": Topic.objects.filter(trajectory=trajectory)[0].pk,
        "entry": entry.pk,
        "action": entry.actions.order_by("pk")[0].pk,
        "link": getattr(OwnerLink.objects.filter(plan=plan).first(), "pk", None),
        "version": plan.versions.order_by("number")[0].number,
        "step": 1,
        "theme_key": themes[0].key,
        "region_code": trajectory.region.code,
        "_theme_keys": [theme.key for theme in themes],
    }


def _urls(ids) -> list[str]:
    urls = []
    for name, _route, kwargs in _walk_all():
        if kwargs or name.startswith("admin:"):
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:  # a regex pattern with a group: keys in e-mails
            continue
    for name, route, kwargs in SWEPT:
        if name.startswith("admin:"):
            continue
        filled = {
            kwarg: ids[source] for kwarg, source in sources(name, route, kwargs).items()
        }
        if None in filled.values():
            continue
        if name == "surveys:results_theme":
            urls += [
                reverse(name, kwargs={**filled, "key": key})
                for key in ids["_theme_keys"]
            ]
        elif name == "presentation:step":
            urls += [
                reverse(name, kwargs={**filled, "step": step}) for step in range(1, 40)
            ]
        else:
            urls.append(reverse(name, kwargs=filled))
    return urls


def _walk_all():
    from django.urls import get_resolver

    return _walk(get_resolver().url_patterns)


def test_every_demo_page_keeps_to_the_strict_csp(client, django_user_model):
    call_command("seed_demo", stdout=StringIO())
    trajectory = Trajectory.objects.get(name=DEMO_TRAJECTORY)
    staff = django_user_model.objects.filter(is_staff=True).first()
    client.force_login(staff)
    assert project_url_names()  # the URLconf is loaded

    checked, problems = 0, []
    for url in _urls(_demo_ids(trajectory)):
        response = client.get(url)
        assert response.status_code < 500, url
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        policy = response.get("Content-Security-Policy", "")
        if "unsafe-" in policy or "script-src 'self'" not in policy:
            problems.append(f"{url}: {policy}")
        found = inline_code(response.content.decode())
        if found:
            problems.append(f"{url}: {found[:5]}")
    assert not problems, "\n".join(problems)
    assert checked > 140


def _check_page(response, url, problems):
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    if "unsafe-" in response.get("Content-Security-Policy", "unsafe-missing"):
        problems.append(f"{url}: CSP {response.get('Content-Security-Policy')}")
    found = inline_code(response.content.decode())
    if found:
        problems.append(f"{url}: {found[:5]}")


@pytest.mark.parametrize("role", ["pleegouder", "pleegkind"])
def test_the_respondents_and_voters_pages_keep_to_the_strict_csp(client, role):
    """The pages behind a token: every survey step, the summary, the thanks,
    and the ballot of a voter who joined."""
    from tests.regions.factories import TrajectoryFactory
    from tests.sessions_app.factories import round_with_topics
    from tests.surveys.respond_helpers import FIELD
    from tests.surveys.respond_helpers import start

    trajectory = TrajectoryFactory(phase=Trajectory.Phase.VRAGENLIJST_OPEN)
    problems: list[str] = []
    location = start(client, trajectory, role=role)
    while "/stap/" in location:
        page = client.get(location)
        _check_page(page, location, problems)
        html = page.content.decode()
        data = {"action": "next"}
        for name in set(FIELD.findall(html)):
            data[name] = "Gaat goed." if f'<textarea name="{name}"' in html else "4"
        response = client.post(location, data)
        assert response.status_code == 302, (location, response.status_code)
        location = response["Location"]
    _check_page(client.get(location), location, problems)  # the summary
    thanks = client.post(location)
    assert thanks.status_code == 302
    _check_page(client.get(thanks["Location"]), thanks["Location"], problems)

    voting_round, _topics = round_with_topics(trajectory)
    code = voting_round.code
    client.post(reverse("voting:ballot_join", kwargs={"code": code}), {"role": role})
    for url in (
        reverse("voting:join"),
        reverse("voting:ballot", kwargs={"code": code}),
    ):
        _check_page(client.get(url), url, problems)
    assert not problems, "\n".join(problems)
