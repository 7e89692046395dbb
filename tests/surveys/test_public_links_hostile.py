"""Hostile input on the survey's other public pages: start with a role, the
resume link, restart and the thank-you page. Never a 500, and a refused
request leaves the database as it was."""

import pytest
from django.urls import NoReverseMatch
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from regions.models import ParticipantRole
from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import Response
from surveys.models import SpentToken
from surveys.models import SurveyDraft
from tests.conftest import clear_own_cache
from tests.regions.factories import TrajectoryFactory
from tests.surveys.respond_helpers import start
from tests.surveys.respond_helpers import token_from

SETTINGS = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Anything a URL segment can carry, the NUL character and very long ones included.
SEGMENT = st.text(min_size=1, max_size=200).filter(lambda t: "/" not in t) | (
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "x" * 64,
            "x" * 65,
            "x" * 5000,
            "..",
            "%00",
            "<script>",
            "' OR 1=1 --",
            "🙂",
            "ouder ",
            "OUDER",
            "nieuw",
            "bedankt",
        ]
    )
)
JUNK = st.dictionaries(
    st.sampled_from(["role", "action", "nieuw", "gekozen", "terug"])
    | st.text(max_size=10),
    st.text(max_size=100) | st.sampled_from(["\x00", "ouder", "back", "overzicht"]),
    max_size=5,
)


def _fresh(client):
    """Each example starts as a new visitor: no cookies, no rate-limit counts."""
    client.cookies.clear()
    clear_own_cache()


def _rows():
    return (
        SurveyDraft.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        SpentToken.objects.count(),
        list(SurveyDraft.objects.order_by("pk").values_list("step", "role", "data")),
    )


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


@SETTINGS
@given(role=SEGMENT | st.sampled_from(ParticipantRole.values), data=JUNK)
def test_start_with_any_role_string_never_breaks(client, open_trajectory, role, data):
    url = _url(
        "surveys:start_role", public_token=open_trajectory.public_token, role=role
    )
    if url is None or role == "bedankt":  # that path is the thank-you page
        return
    _fresh(client)
    valid = role in ParticipantRole.values
    before = _rows()

    page = client.get(url, data)
    started = client.post(url, data)

    assert page.status_code == (200 if valid else 404)
    if valid:
        assert started.status_code == 302
        assert SurveyDraft.objects.count() == before[0] + 1
        assert SurveyDraft.objects.order_by("-pk").first().role == role
    else:
        assert started.status_code == 404
        assert _rows() == before


@SETTINGS
@given(public_token=SEGMENT, role=st.sampled_from(ParticipantRole.values), data=JUNK)
def test_any_public_token_is_a_plain_404(
    client, open_trajectory, public_token, role, data
):
    _fresh(client)
    before = _rows()
    for name, kwargs in (
        ("surveys:start", {}),
        ("surveys:start_role", {"role": role}),
        ("surveys:thanks", {}),
    ):
        url = _url(name, public_token=public_token, **kwargs)
        if url is None or public_token == open_trajectory.public_token:
            continue
        assert client.get(url, data).status_code == 404, url
        if name != "surveys:thanks":
            assert client.post(url, data).status_code == 404, url
    assert _rows() == before


@SETTINGS
@given(token=SEGMENT, data=JUNK, step=st.integers(min_value=0, max_value=10**30))
def test_any_resume_token_is_refused_without_a_trace(
    client, open_trajectory, token, data, step
):
    """Unknown resume tokens on every page of the link: 404 (or 405), no rows."""
    _fresh(client)
    start(client, open_trajectory)  # a real draft beside the guesses
    before = _rows()
    for name, kwargs, methods in (
        ("surveys:resume", {}, ("get", "post")),
        ("surveys:step", {"step": step}, ("get", "post")),
        ("surveys:submit", {}, ("get", "post")),
        ("surveys:restart", {}, ("get", "post")),
    ):
        url = _url(name, token=token, **kwargs)
        if url is None:
            continue
        for method in methods:
            response = getattr(client, method)(url, data)
            assert response.status_code in {404, 405}, (method, url)
    assert _rows() == before


@SETTINGS
@given(
    data=JUNK,
    cookie=st.text(
        alphabet=st.characters(
            min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\'
        ),
        max_size=60,
    ),
)
def test_restart_with_a_real_token_and_junk_changes_no_answers(
    client, open_trajectory, data, cookie
):
    """Restart only sends to a new start page: the old draft stays untouched."""
    _fresh(client)
    location = start(client, open_trajectory, role="pleegouder")
    token = token_from(location)
    client.post(location, {"action": "next"})
    client.cookies["gg_bedankt"] = cookie
    before = _rows()

    restarted = client.post(reverse("surveys:restart", kwargs={"token": token}), data)
    resumed = client.get(reverse("surveys:resume", kwargs={"token": token}), data)
    thanks = client.get(
        reverse(
            "surveys:thanks", kwargs={"public_token": open_trajectory.public_token}
        ),
        data,
    )

    assert restarted.status_code == 302
    assert "?nieuw=1" in restarted["Location"]
    assert resumed.status_code == 302
    assert f"/vragenlijst/{token}/stap/" in resumed["Location"]
    assert thanks.status_code == 200
    assert _rows() == before
