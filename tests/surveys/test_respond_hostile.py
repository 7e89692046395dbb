"""Hostile and malformed input on the public survey endpoints: never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.tokens import hash_token
from regions.models import Trajectory
from surveys.models import Response
from surveys.models import SurveyDraft
from tests.regions.factories import TrajectoryFactory
from tests.surveys.respond_helpers import answer_all
from tests.surveys.respond_helpers import start
from tests.surveys.respond_helpers import token_from

ANY_TEXT = st.text(max_size=300) | st.sampled_from(
    [
        "",
        "0",
        "-1",
        "6",
        "99999999999999999999",
        "\x00",
        "<script>",
        "' OR 1=1 --",
        "🙂" * 50,
    ]
)
FIELD_NAMES = (
    st.sampled_from(
        [
            "role",
            "other_roles",
            "municipality",
            "age_band",
            "foster_type",
            "care_types",
            "action",
        ]
    )
    | st.from_regex(r"q[0-9]{1,7}", fullmatch=True)
    | st.text(max_size=20)
)


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        FIELD_NAMES, ANY_TEXT | st.lists(ANY_TEXT, max_size=4), max_size=8
    ),
    step=st.integers(min_value=0, max_value=30),
)
def test_random_posts_to_any_step_never_give_a_server_error(
    client, open_trajectory, data, step
):
    location = start(client, open_trajectory)
    url = location.replace("/stap/0/", f"/stap/{step}/")
    draft = SurveyDraft.objects.get(token_hash=hash_token(token_from(location)))
    responses = Response.objects.count()

    response = client.post(url, data)

    assert response.status_code in {200, 302}, response.status_code
    assert Response.objects.count() == responses  # a step never sends the survey
    if response.status_code == 200:
        # The page came back with its errors: nothing of it was saved.
        after = SurveyDraft.objects.get(pk=draft.pk)
        assert (after.step, after.role, after.data) == (
            draft.step,
            draft.role,
            draft.data,
        )


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    token=st.text(min_size=1, max_size=120).filter(
        lambda t: "/" not in t and "\x00" not in t
    ),
    data=st.dictionaries(FIELD_NAMES, ANY_TEXT, max_size=5),
)
def test_random_tokens_on_submit_never_give_a_server_error(
    client, open_trajectory, token, data
):
    try:
        url = reverse("surveys:submit", kwargs={"token": token})
    except Exception:  # noqa: BLE001 - a token the URL pattern cannot hold
        return
    response = client.post(url, data)
    assert response.status_code in {404, 302, 200, 400}
    assert Response.objects.count() == 0


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(extra=st.dictionaries(FIELD_NAMES, ANY_TEXT, max_size=6))
def test_a_complete_survey_submitted_with_junk_stores_exactly_one_response(
    client, open_trajectory, extra
):
    before = Response.objects.count()
    review = answer_all(client, start(client, open_trajectory))
    response = client.post(review, extra)
    assert response.status_code == 302
    assert Response.objects.count() == before + 1
