"""The one-statement count (PostgreSQL) gives the ORM queries' numbers exactly.

``counting.published_counts`` finds what is not yet published (each
statement's last answers per role) among the latest responses, and over all
answers where it reaches further back. Random trajectories, with the number
of latest responses it reads set low so that both ways run, must give the
same figures as ``queries.answer_counts`` and ``queries.theme_respondents`` (the
window over every answer), live and closed, with and without a municipality.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import Response
from surveys.results import counting
from surveys.results import protection
from surveys.results import queries
from surveys.services import questionnaire_get_or_create
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import likert_ids

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="counting.published_counts is PostgreSQL's statement; "
    "elsewhere survey_results uses the ORM queries it is compared with",
)

ROLES = ("pleegouder", "professional", "ouder")
response = st.tuples(
    st.sampled_from(ROLES),
    st.booleans(),  # in the filtered municipality
    st.lists(st.sampled_from((0, 1, 2, 3, 4, 5, None)), min_size=4, max_size=4),
    st.booleans(),  # an open answer
)


def _orm(ids, municipality_id, live):
    cells, open_counts = queries.answer_counts(
        questionnaire_ids=ids, municipality_id=municipality_id, live=live
    )
    themes = queries.theme_respondents(
        questionnaire_ids=ids, municipality_id=municipality_id, live=live
    )
    likert = {
        key: {
            **{n: c for n, c in cell.counts.items() if c},
            **({0: cell.dont_know} if cell.dont_know else {}),
        }
        for key, cell in cells.items()
    }
    return {k: v for k, v in likert.items() if v}, open_counts, themes


def _one_statement(ids, municipality_id, live):
    likert, open_counts, themes = counting.published_counts(
        questionnaire_ids=ids,
        municipality_id=municipality_id,
        step=protection.live_step() if live else 1,
    )
    themes = {
        key: (protection.live_count(a, live=live), protection.live_count(b, live=live))
        for key, (a, b) in themes.items()
    }
    return dict(likert), open_counts, themes


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    responses=st.lists(response, min_size=0, max_size=40),
    recent=st.sampled_from((0, 1, 3, 20)),
)
def test_the_statement_counts_what_the_orm_counts(
    region, monkeypatch, responses, recent
):
    monkeypatch.setattr(counting, "RECENT", recent)
    place = MunicipalityFactory(region=region)
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN, municipalities=[place]
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    shared = sorted(
        set.intersection(*(set(likert_ids(questionnaire, role)) for role in ROLES))
    )
    # Two statements of one theme and two of others, when there are; one
    # answer per statement and response, as the submit stores them.
    statements = list(dict.fromkeys(shared[:2] + shared[-2:]))
    open_question = questionnaire.themes.first().questions.filter(kind="open").first()
    for role, here, values, with_text in responses:
        stored = Response.objects.create(
            questionnaire=questionnaire,
            role=role,
            municipality=place if here else None,
            submitted_on=timezone.localdate(),
            submission_key=f"count-{Response.objects.count()}",
        )
        Answer.objects.bulk_create(
            [
                Answer(response=stored, question_id=qid, number=value)
                for qid, value in zip(statements, values, strict=False)
                if value is not None
            ]
            + (
                [Answer(response=stored, question=open_question, text="Goed.")]
                if with_text and open_question
                else []
            )
        )
    ids = [questionnaire.pk]
    for live in (True, False):
        for municipality_id in (None, place.pk):
            assert _one_statement(ids, municipality_id, live) == _orm(
                ids, municipality_id, live
            ), (live, municipality_id)
