"""Personal data goes a set time after a trajectory closes; results and plans stay."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from regions.models import Trajectory
from regions.retention import retention_deadline
from regions.retention import trajectory_purge_personal_data
from regions.services import trajectory_move_phase
from regions.tasks import retention_run_task
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import SurveyDraft
from surveys.retention import drafts_of_closed_surveys_purge
from tests.surveys.factories import AnswerFactory
from tests.surveys.factories import QuestionFactory
from tests.surveys.factories import QuestionnaireFactory
from tests.surveys.factories import ResponseFactory
from tests.surveys.factories import ThemeFactory

pytestmark = pytest.mark.django_db

CLOSED = dt.date(2025, 1, 31)


@pytest.fixture
def closed_trajectory(trajectory, users_by_role):
    """A closed trajectory with a Likert answer, an open answer (reviewed) and a draft."""
    questionnaire = QuestionnaireFactory(trajectory=trajectory)
    theme = ThemeFactory(questionnaire=questionnaire)
    response = ResponseFactory(questionnaire=questionnaire)
    AnswerFactory(response=response, question=QuestionFactory(theme=theme), number=4)
    open_answer = AnswerFactory(
        response=response,
        question=QuestionFactory(theme=theme, kind="open"),
        number=None,
        text="Mijn begeleider Anna is fijn.",
    )
    OpenAnswerReview.objects.create(answer=open_answer, status="approved")
    SurveyDraft.objects.create(
        questionnaire=questionnaire, token_hash="a" * 64, updated_on=CLOSED
    )
    Trajectory.objects.filter(pk=trajectory.pk).update(
        phase=Trajectory.Phase.AFGEROND, closed_on=CLOSED
    )
    trajectory.refresh_from_db()
    return trajectory


def test_closing_a_trajectory_starts_the_period(trajectory, settings):
    settings.RETENTION_MONTHS = 12
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Trajectory.Phase.ACTIEPLAN)
    trajectory.refresh_from_db()

    trajectory_move_phase(trajectory=trajectory, to_phase=Trajectory.Phase.AFGEROND)

    trajectory.refresh_from_db()
    assert trajectory.closed_on is not None
    assert retention_deadline(trajectory) == trajectory.closed_on.replace(
        year=trajectory.closed_on.year + 1
    )


def test_nothing_is_deleted_before_the_deadline(closed_trajectory, settings):
    settings.RETENTION_MONTHS = 12

    deleted = trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 1, 30)
    )

    assert deleted == {}
    assert Answer.objects.exclude(text="").count() == 1


def test_on_the_deadline_free_text_and_drafts_go_and_figures_stay(
    closed_trajectory, settings
):
    settings.RETENTION_MONTHS = 12

    deleted = trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 1, 31)
    )

    assert deleted["surveys.open_answers"] == 1
    assert deleted["surveys.drafts"] == 1
    assert not Answer.objects.exclude(text="").exists()
    assert not OpenAnswerReview.objects.exists()
    assert not SurveyDraft.objects.exists()
    assert Answer.objects.filter(number=4).count() == 1  # the aggregated figures
    closed_trajectory.refresh_from_db()
    assert closed_trajectory.personal_data_deleted_on == dt.date(2026, 1, 31)


def test_the_clean_up_runs_once(closed_trajectory, settings):
    settings.RETENTION_MONTHS = 12
    trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 2, 1)
    )

    again = trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 2, 2)
    )

    assert again == {}


def test_the_daily_task_warns_a_month_ahead_once_then_cleans(
    closed_trajectory,
    users_by_role,
    settings,
    time_machine,
    django_capture_on_commit_callbacks,
):
    settings.RETENTION_MONTHS = 12
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        first = retention_run_task()
        second = retention_run_task()

    assert first == {"warned": [closed_trajectory.pk], "cleaned": []}
    assert second == {"warned": [], "cleaned": []}
    assert [m.to for m in mail.outbox] == [[users_by_role["coordinator"].email]]
    assert "31 januari 2026" in mail.outbox[0].body

    time_machine.move_to(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC))
    assert retention_run_task() == {"warned": [], "cleaned": [closed_trajectory.pk]}


def test_the_trajectory_page_shows_the_date_and_warns_when_it_is_near(
    closed_trajectory, client_for, settings, time_machine
):
    settings.RETENTION_MONTHS = 12
    time_machine.move_to(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))

    html = client_for("coordinator").get(closed_trajectory.get_absolute_url())

    content = html.content.decode()
    assert "31 januari 2026" in content
    assert "Binnenkort" in content


def test_drafts_go_as_soon_as_the_survey_closes(trajectory):
    questionnaire = QuestionnaireFactory(trajectory=trajectory)
    Trajectory.objects.filter(pk=trajectory.pk).update(
        phase=Trajectory.Phase.VRAGENLIJST_OPEN,
        survey_opens_on=dt.date(2026, 1, 1),
        survey_closes_on=dt.date(2026, 1, 31),
    )
    SurveyDraft.objects.create(
        questionnaire=questionnaire, token_hash="b" * 64, updated_on=CLOSED
    )

    assert drafts_of_closed_surveys_purge(today=dt.date(2026, 1, 31)) == 0
    assert drafts_of_closed_surveys_purge(today=dt.date(2026, 2, 1)) == 1
    assert not SurveyDraft.objects.exists()


def test_staff_page_link_not_shown_to_followers(closed_trajectory, client_for):
    content = (
        client_for("beleidsmaker")
        .get(reverse("regions:trajectory_detail", kwargs={"pk": closed_trajectory.pk}))
        .content.decode()
    )
    assert 'id="retention"' not in content


def test_invitees_contact_data_goes_with_the_rest(closed_trajectory, settings):
    from sessions_app.meetings.models import Invitee
    from sessions_app.meetings.models import Meeting

    settings.RETENTION_MONTHS = 12
    meeting = Meeting.objects.filter(trajectory=closed_trajectory).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            trajectory=closed_trajectory, kind=Meeting.Kind.KENNISMAKING, position=1
        )
    Invitee.objects.create(meeting=meeting, name="Ina", email="ina@example.org")

    deleted = trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 1, 31)
    )

    assert deleted["meetings.invitees"] == 1
    assert not Invitee.objects.exists()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_voter_tokens_go_and_the_ballots_stay(closed_trajectory, settings):
    from sessions_app.voting.models import Voter
    from tests.sessions_app.factories import round_with_topics

    settings.RETENTION_MONTHS = 12
    voting_round, topics = round_with_topics(closed_trajectory)
    Voter.objects.create(
        round=voting_round, token_hash="c" * 64, ballot={str(topics[0].pk): 2}
    )

    deleted = trajectory_purge_personal_data(
        trajectory_id=closed_trajectory.pk, today=dt.date(2026, 1, 31)
    )

    voter = Voter.objects.get()
    assert deleted["voting.voter_tokens"] == 1
    assert voter.token_hash != "c" * 64
    assert voter.ballot == {str(topics[0].pk): 2}
