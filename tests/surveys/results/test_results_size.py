"""The results page and the slides stay small over the wire (issue #11, speed).

At the size ``make bench`` measures (5,000 responses of about 60 answers,
written as the benchmark writes them), each page must go out in under
200 KB gzipped, and under 200 KB even unpacked (before issue #11 the results
page was about 1 MB, its statements' charts drawn for every theme).
"""

import gzip

import pytest
from django.urls import reverse

from benchmarks.results_data import ResponseWriter
from benchmarks.results_data import nothing_suppressed
from benchmarks.run import RESULTS_GOAL_WIRE_BYTES
from benchmarks.run import RESULTS_RESPONSES
from regions.models import Trajectory
from surveys.services import questionnaire_get_or_create
from tests.conftest import require_service
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_sized(region):
    url = require_service("DATABASE_URL")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        pytest.skip("the benchmark's data is written with PostgreSQL's COPY")
    places = [MunicipalityFactory(region=region) for _ in range(4)]
    trajectory = TrajectoryFactory(
        region=region,
        municipalities=places,
        phase=Trajectory.Phase.VRAGENLIJST_OPEN,
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    ResponseWriter(questionnaire, trajectory).add(RESULTS_RESPONSES)
    assert nothing_suppressed(questionnaire)
    return trajectory


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("surveys:results", {}),
        ("surveys:results_theme", {"key": "belasting"}),
        ("surveys:results_presentation", {}),
    ],
)
def test_a_results_page_of_the_bench_size_stays_under_200_kb_gzipped(
    client_for, bench_sized, name, extra
):
    client = client_for("coordinator")
    url = reverse(name, kwargs={"pk": bench_sized.pk, **extra})

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < RESULTS_GOAL_WIRE_BYTES
    # Even unpacked: the statements' charts come per theme, when opened.
    unpacked = gzip.decompress(response.content)
    assert len(response.content) < len(unpacked) < RESULTS_GOAL_WIRE_BYTES
