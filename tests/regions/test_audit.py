"""The audit log: who changed what and when, per trajectory; never an answer."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.urls import reverse

from regions.models import RegionMembership
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Response
from surveys.models import SurveyDraft
from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.factories import AnswerFactory
from tests.surveys.factories import QuestionFactory
from tests.surveys.factories import QuestionnaireFactory
from tests.surveys.factories import ResponseFactory
from tests.surveys.factories import ThemeFactory


def audit_url(trajectory):
    return reverse("regions:trajectory_audit", kwargs={"pk": trajectory.pk})


def test_a_change_made_on_a_page_names_who_made_it_and_what_changed(
    client_for, trajectory, users_by_role
):
    client = client_for("coordinator")
    url = reverse("regions:trajectory_assign", kwargs={"pk": trajectory.pk})
    response = client.post(url, {"facilitators": []})
    assert response.status_code == 302

    entry = LogEntry.objects.get(
        additional_data__trajectory_id=trajectory.pk,
        actor=users_by_role["coordinator"],
    )
    assert entry.action == LogEntry.Action.UPDATE
    assert "facilitators" in entry.changes_dict
    assert entry.remote_addr is None


def test_coordinator_reads_the_log_of_their_trajectory(client_for, trajectory):
    trajectory.name = "Nieuwe naam voor het traject"
    trajectory.save()

    page = client_for("coordinator").get(audit_url(trajectory))

    assert page.status_code == 200
    assert "Nieuwe naam voor het traject" in page.content.decode()


def test_another_trajectory_s_changes_stay_out_of_the_log(
    client_for, trajectory, other_trajectory
):
    other_trajectory.name = "Geheime naam elders"
    other_trajectory.save()

    page = client_for("coordinator").get(audit_url(trajectory)).content.decode()

    assert "Geheime naam elders" not in page


def test_questionnaire_and_review_changes_carry_their_trajectory(trajectory):
    questionnaire = QuestionnaireFactory(trajectory=trajectory)
    question = QuestionFactory(theme=ThemeFactory(questionnaire=questionnaire))
    question.text = "Een betere vraag?"
    question.save()
    answer = AnswerFactory(
        response=ResponseFactory(questionnaire=questionnaire), question=question
    )
    OpenAnswerReview.objects.create(
        answer=answer, status=OpenAnswerReview.Status.EDITED, edited_text="Geheim."
    )

    entries = LogEntry.objects.filter(additional_data__trajectory_id=trajectory.pk)
    models = {entry.content_type.model for entry in entries}
    assert {"questionnaire", "theme", "question", "openanswerreview"} <= models
    review = entries.get(content_type__model="openanswerreview")
    assert "edited_text" not in review.changes_dict
    assert "Geheim." not in str(review.changes)


def test_survey_answers_are_never_logged():
    for model in (Response, Answer, SurveyDraft):
        assert not auditlog.contains(model)


def test_region_memberships_show_in_their_region_s_trajectories(client_for, trajectory):
    RegionMembershipFactory(
        user=UserFactory(name="Nina Nieuw"),
        region=trajectory.region,
        role=RegionMembership.Role.BELEIDSMAKER,
    )

    page = client_for("coordinator").get(audit_url(trajectory)).content.decode()

    assert "Nina Nieuw" in page


@pytest.mark.parametrize("changes", [3, 30])
def test_audit_page_takes_the_same_queries_however_long_the_log(
    changes, client_for, trajectory, django_assert_max_num_queries
):
    for index in range(changes):
        TrajectoryFactory(region=trajectory.region)
        trajectory.name = f"Naam {index}"
        trajectory.save()
    client = client_for("coordinator")
    client.get(audit_url(trajectory))  # warm the session and permission caches

    with django_assert_max_num_queries(12):
        assert client.get(audit_url(trajectory)).status_code == 200
