"""The final submit: what it stores, how few statements it takes, and races."""

import threading

import pytest
from django.db import connection
from django.db import connections
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.tokens import hash_token
from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Question
from surveys.models import Response
from surveys.models import SpentToken
from surveys.models import SurveyDraft
from surveys.respond.selectors import pending_submit_get
from surveys.respond.services import SurveyClosed
from surveys.respond.services import draft_start
from surveys.respond.services import survey_submit_pending
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.conftest import IN_CI
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory


@pytest.fixture
def postgresql():
    """PostgreSQL's path (prepared statements, one write statement).

    Skipped on a local SQLite run, whose ORM path the other tests cover; in
    CI, which sets DATABASE_URL, a missing PostgreSQL fails instead.
    """
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run these tests on PostgreSQL (DATABASE_URL)")
        pytest.skip("PostgreSQL's submit path; SQLite uses the ORM one")


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


def _questions(questionnaire, role, kind):
    structure = structure_for(questionnaire)
    return [
        q
        for t in structure.themes_for(role)
        for q in t.questions_for(role)
        if q.kind == kind
    ]


def _draft(questionnaire, role, answers, context=None):
    draft, token = draft_start(questionnaire=questionnaire, role=role)
    draft.data = {"answers": answers, "context": context or {}}
    draft.save()
    return draft, token


def _add_choice_questions(questionnaire):
    theme = questionnaire.themes.order_by("position").first()
    choices = [{"value": v, "label": v.title()} for v in ("ja", "nee", "soms")]
    single = Question.objects.create(
        theme=theme, key="extra-single", kind="single", choices=choices, text="Eén?"
    )
    multiple = Question.objects.create(
        theme=theme, key="extra-multi", kind="multiple", choices=choices, text="Meer?"
    )
    questionnaire.version += 1
    questionnaire.save()
    return single, multiple


def test_submit_stores_every_kind_of_answer_and_drops_what_was_not_asked(
    open_trajectory,
):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    single, multiple = _add_choice_questions(questionnaire)
    likert = _questions(questionnaire, "pleegouder", "likert")
    open_ = _questions(questionnaire, "pleegouder", "open")
    child_only = {q.id for q in _questions(questionnaire, "pleegkind", "likert")} - {
        q.id for q in likert
    }
    answers = {
        str(likert[0].id): 5,
        str(likert[1].id): 0,  # weet ik niet
        str(likert[2].id): 9,  # out of the scale
        str(likert[3].id): "3",  # not a number
        str(likert[4].id): True,  # not a number either
        str(open_[0].id): "  Goed contact.  ",
        str(open_[1].id): "x" * 2500,
        str(open_[2].id): "   ",
        str(single.id): "soms",
        str(multiple.id): ["ja", "ja", "bestaat-niet", 7, "nee"],
        str(sorted(child_only)[0]): 4,  # a child's question
        "999999": 3,
        "geen-getal": 3,
    }
    _draft_row, token = _draft(questionnaire, "pleegouder", answers)

    result = survey_submit_pending(pending=pending_submit_get(token=token), token=token)

    assert result.created is True
    stored = {
        (a.question_id, a.number, a.choice, a.text)
        for a in Answer.objects.filter(response_id=result.response_id)
    }
    assert stored == {
        (likert[0].id, 5, "", ""),
        (likert[1].id, 0, "", ""),
        (open_[0].id, None, "", "Goed contact."),
        (open_[1].id, None, "", "x" * 2000),
        (single.id, None, "soms", ""),
        (multiple.id, None, "ja", ""),
        (multiple.id, None, "nee", ""),
    }
    assert not SurveyDraft.objects.exists()


def test_submit_stores_the_context_without_anything_identifying(open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    municipality = MunicipalityFactory(region=open_trajectory.region)
    context = {
        "other_roles": ["professional", "pleegouder", "hacker"],
        "municipality": municipality.pk,
        "foster_type": "netwerk",
        "care_types": ["voltijd", "crisis"],
    }
    likert = _questions(questionnaire, "pleegouder", "likert")[0]
    _draft_row, token = _draft(
        questionnaire, "pleegouder", {str(likert.id): 4}, context
    )

    result = survey_submit_pending(pending=pending_submit_get(token=token), token=token)

    response = Response.objects.get(pk=result.response_id)
    assert response.role == "pleegouder"
    assert response.other_roles == ["professional"]
    assert response.municipality == municipality
    assert response.foster_type == "netwerk"
    assert response.care_types == ["voltijd", "crisis"]
    assert response.submitted_on == timezone.localdate()
    assert SpentToken.objects.filter(pk=hash_token(token)).exists()
    assert response.answers.count() == 1


def test_a_municipality_removed_after_it_was_chosen_is_stored_as_unknown(
    open_trajectory,
):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    municipality = MunicipalityFactory(region=open_trajectory.region)
    likert = _questions(questionnaire, "ouder", "likert")
    context = {"municipality": municipality.pk}
    _draft_row, token = _draft(questionnaire, "ouder", {str(likert[0].id): 4}, context)
    pending = pending_submit_get(token=token)
    municipality.delete()

    result = survey_submit_pending(pending=pending, token=token)

    response = Response.objects.get(pk=result.response_id)
    assert response.municipality_id is None
    assert response.answers.count() == 1


def test_a_survey_closed_between_look_up_and_submit_stores_nothing(
    open_trajectory,
):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    _draft_row, token = _draft(questionnaire, "ouder", {str(likert[0].id): 4})
    pending = pending_submit_get(token=token)
    Trajectory.objects.filter(pk=open_trajectory.pk).update(
        phase=Trajectory.Phase.BIJEENKOMSTEN
    )

    closed = pending_submit_get(token=token)
    with pytest.raises(SurveyClosed):
        survey_submit_pending(pending=closed, token=token)

    assert pending.phase == Trajectory.Phase.VRAGENLIJST_OPEN
    assert not Response.objects.exists()
    assert SurveyDraft.objects.count() == 1


def test_a_token_stored_before_leaves_the_draft_and_reports_not_created(
    open_trajectory,
):
    """The spent token's primary key is the last guard; the statement rolls back."""
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    _draft_row, token = _draft(questionnaire, "ouder", {str(likert[0].id): 4})
    SpentToken.objects.create(token_hash=hash_token(token))

    result = survey_submit_pending(pending=pending_submit_get(token=token), token=token)

    assert result.created is False
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    assert SurveyDraft.objects.count() == 1


def test_a_response_deleted_through_django_takes_its_answers_along(open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    open_ = _questions(questionnaire, "pleegkind", "open")
    answers = {str(open_[0].id): "Ze slaan mij.", str(open_[1].id): "Fijn."}
    _draft_row, token = _draft(questionnaire, "pleegkind", answers)
    result = survey_submit_pending(pending=pending_submit_get(token=token), token=token)
    assert OpenAnswerReview.objects.filter(unsafe=True).count() == 1

    Response.objects.filter(pk=result.response_id).delete()

    assert not Answer.objects.exists()
    assert not OpenAnswerReview.objects.exists()


def test_worrying_open_answers_are_flagged_for_review_in_any_case(open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    open_ = _questions(questionnaire, "pleegkind", "open")
    answers = {
        str(open_[0].id): "Soms SLAAN ze mij.",
        str(open_[1].id): "Ik Voel Me Onveilig",
        str(open_[2].id): "Ik slaap goed en voel me veilig.",
    }
    _draft_row, token = _draft(questionnaire, "pleegkind", answers)

    survey_submit_pending(pending=pending_submit_get(token=token), token=token)

    flagged = OpenAnswerReview.objects.filter(unsafe=True, auto_flagged=True)
    assert sorted(flagged.values_list("answer__question_id", flat=True)) == sorted(
        [open_[0].id, open_[1].id]
    )


def test_the_review_page_is_never_cached(client, open_trajectory):
    """A POST's answer is never cached anyway; the summary page must not be."""
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    draft, token = _draft(questionnaire, "ouder", {str(likert[0].id): 4})

    response = client.get(reverse("surveys:submit", kwargs={"token": token}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_question_with_answers_cannot_be_deleted(open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    _draft_row, token = _draft(questionnaire, "ouder", {str(likert[0].id): 2})
    survey_submit_pending(pending=pending_submit_get(token=token), token=token)

    with pytest.raises(ProtectedError):
        Question.objects.get(pk=likert[0].id).delete()
    assert Answer.objects.filter(question_id=likert[0].id).count() == 1


@pytest.mark.usefixtures("postgresql")
@pytest.mark.parametrize("answers", [5, 40])
def test_submit_is_one_look_up_and_one_write_on_postgresql(
    client, open_trajectory, answers
):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "professional", "likert")[:answers]
    assert len(likert) == answers
    _draft(questionnaire, "professional", {})  # warms the structure cache
    _draft_row, token = _draft(
        questionnaire, "professional", {str(q.id): 3 for q in likert}
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("surveys:submit", kwargs={"token": token}))

    assert response.status_code == 302
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 2, statements
    assert statements[0].startswith("SELECT d.id")
    assert "token_hash = %s" in statements[0]
    assert statements[1].startswith("WITH draft AS (DELETE")
    assert Answer.objects.count() == answers


@pytest.mark.usefixtures("postgresql")
def test_the_submit_statements_are_prepared_once_per_connection(
    client, open_trajectory
):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    for value in (1, 2, 3):
        _draft_row, token = _draft(questionnaire, "ouder", {str(likert[0].id): value})
        client.post(reverse("surveys:submit", kwargs={"token": token}))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT split_part(statement, ' ', 1), generic_plans + custom_plans "
            "FROM pg_prepared_statements "
            "WHERE statement LIKE %s OR statement LIKE %s",
            ["SELECT d.id%", "WITH draft AS (DELETE%"],
        )
        runs: dict[str, int] = {}
        for kind, count in cursor.fetchall():
            runs[kind] = runs.get(kind, 0) + count
    assert Response.objects.count() == 3
    # Each statement was parsed once and then run three times as prepared.
    assert runs == {"SELECT": 3, "WITH": 3}


@pytest.mark.usefixtures("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_submits_of_one_draft_at_the_same_moment_store_one_response(region):
    """Two connections, two threads, real transactions: the draft gates it."""
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    _draft_row, token = _draft(questionnaire, "ouder", {str(q.id): 4 for q in likert})
    structure_for(questionnaire)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            pending = pending_submit_get(token=token)
            barrier.wait(timeout=10)
            results.append(survey_submit_pending(pending=pending, token=token))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == len(likert)
    assert not SurveyDraft.objects.exists()


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid):
    """End a server process from another connection, as a restart would."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def health_checks(settings):
    """A connection kept between requests and checked, as in production."""
    if not connection.health_check_enabled:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.health_check_enabled = True
        yield
        connection.settings_dict["CONN_HEALTH_CHECKS"] = False
        connection.health_check_enabled = False
    else:
        yield


@pytest.mark.usefixtures("postgresql", "health_checks")
@pytest.mark.django_db(transaction=True)
def test_the_look_up_is_the_health_check_of_a_reused_connection(
    open_trajectory, monkeypatch
):
    """No SELECT 1 before the look-up: the look-up itself finds a live server."""
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    draft, token = _draft(questionnaire, "ouder", {str(likert[0].id): 3})
    pid = _backend_pid()
    checks = []
    real_is_usable = connection.is_usable
    monkeypatch.setattr(
        connection, "is_usable", lambda: checks.append(1) or real_is_usable()
    )
    connection.health_check_done = False  # what Django does as a request starts

    pending = pending_submit_get(token=token)

    assert pending.draft_id == draft.pk
    assert checks == []
    assert connection.health_check_done is True
    assert _backend_pid() == pid


@pytest.mark.usefixtures("postgresql", "health_checks")
@pytest.mark.django_db(transaction=True)
def test_a_look_up_on_a_dropped_connection_runs_again_on_a_new_one(open_trajectory):
    """A server restart (or an idle timeout) between two requests costs nothing."""
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    likert = _questions(questionnaire, "ouder", "likert")
    draft, token = _draft(questionnaire, "ouder", {str(likert[0].id): 3})
    pid = _backend_pid()
    _terminate(pid)
    connection.health_check_done = False

    pending = pending_submit_get(token=token)
    result = survey_submit_pending(pending=pending, token=token)

    assert pending.draft_id == draft.pk
    assert result.created is True
    assert _backend_pid() != pid


@pytest.mark.usefixtures("postgresql")
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_inside_a_transaction_is_not_hidden(open_trajectory):
    from django.db import OperationalError
    from django.db import transaction

    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    _draft_row, token = _draft(questionnaire, "ouder", {})
    pid = _backend_pid()

    def look_up_in_a_transaction():
        with transaction.atomic():
            _terminate(pid)
            pending_submit_get(token=token)

    with pytest.raises(OperationalError):
        look_up_in_a_transaction()
