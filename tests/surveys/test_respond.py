"""The answering pages: start, role, context, themes, review, submit."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import Response
from surveys.models import SurveyDraft
from surveys.respond.selectors import draft_get
from surveys.respond.selectors import pending_submit_get
from surveys.respond.services import draft_save
from surveys.respond.services import draft_start
from surveys.respond.services import survey_submit_pending
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.regions.factories import TrajectoryFactory
from tests.surveys.respond_helpers import answer_all
from tests.surveys.respond_helpers import start
from tests.surveys.respond_helpers import token_from


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


@pytest.mark.parametrize(
    ("role", "words"),
    [("pleegouder", ["anoniem", "minder dan 5"]), ("pleegkind", ["Kindertelefoon"])],
)
def test_start_page_explains_anonymity_and_stores_nothing(
    client, open_trajectory, role, words
):
    url = reverse(
        "surveys:start_role",
        kwargs={"public_token": open_trajectory.public_token, "role": role},
    )
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    for word in words:
        assert word in html
    assert SurveyDraft.objects.count() == 0


def test_a_whole_survey_stores_one_response_with_its_answers(client, open_trajectory):
    review = answer_all(client, start(client, open_trajectory), role="pleegouder")
    response = client.post(review)
    assert response.status_code == 302
    assert response["Location"].endswith("/bedankt/")
    stored = Response.objects.get()
    assert stored.role == "pleegouder"
    structure = structure_for(stored.questionnaire)
    assert stored.answers.count() == len(structure.question_ids_for("pleegouder"))
    assert SurveyDraft.objects.count() == 0


def test_role_link_skips_the_role_question(client, open_trajectory):
    location = start(client, open_trajectory, role="professional")
    html = client.get(location).content.decode()
    assert 'name="role"' not in html
    assert 'name="municipality"' in html


def test_unknown_role_in_a_role_link_is_a_404(client, open_trajectory):
    url = f"/v/{open_trajectory.public_token}/schurk/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_each_role_gets_its_own_questions(client, open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    structure = structure_for(questionnaire)
    foster = structure.question_ids_for("pleegouder")
    parent = structure.question_ids_for("ouder")
    child = structure.question_ids_for("pleegkind")
    assert foster
    assert parent
    assert child
    assert foster != parent
    assert len(child) < len(foster)


def test_children_get_child_wording_scale_and_help(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegkind")
    html = client.get(location).content.decode()
    assert "Hoe oud ben je?" in html
    assert "Kindertelefoon" in html
    response = client.post(location, {"action": "next"})
    theme_html = client.get(response["Location"]).content.decode()
    assert "Klopt helemaal" in theme_html
    assert "Helemaal mee eens" not in theme_html
    assert "Kindertelefoon" in theme_html


def test_foster_parents_are_asked_netwerk_or_bestand(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegouder")
    html = client.get(location).content.decode()
    assert 'name="foster_type"' in html
    assert 'name="care_types"' in html


def test_resume_link_continues_on_another_device(client, open_trajectory):
    from django.test import Client

    location = start(client, open_trajectory, role="pleegouder")
    client.post(location, {"action": "next"})
    theme_page = location.replace("/stap/0/", "/stap/1/")
    html = client.get(theme_page).content.decode()
    field = html.split('name="q', 1)[1].split('"', 1)[0]
    client.post(theme_page, {f"q{field}": "2", "action": "next"})

    other_device = Client()
    token = token_from(location)
    response = other_device.get(reverse("surveys:resume", kwargs={"token": token}))
    assert response.status_code == 302
    assert response["Location"].endswith("/stap/2/")
    back = other_device.get(theme_page).content.decode()
    checked = re.findall(
        rf'<input[^>]*name="q{field}"[^>]*value="(\d)"[^>]*checked', back
    )
    assert checked == ["2"]


def test_same_device_resumes_by_itself(client, open_trajectory):
    location = start(client, open_trajectory)
    client.post(location, {"role": "ouder", "action": "next"})
    url = reverse(
        "surveys:start", kwargs={"public_token": open_trajectory.public_token}
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "surveys:resume", kwargs={"token": token_from(location)}
    )


def test_starting_anew_on_a_shared_device_forgets_the_old_draft(
    client, open_trajectory
):
    location = start(client, open_trajectory)
    token = token_from(location)
    response = client.post(reverse("surveys:restart", kwargs={"token": token}))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Wie vult de vragenlijst in?" in page.content.decode()


def test_double_submit_stores_one_response(client, open_trajectory):
    review = answer_all(client, start(client, open_trajectory))
    first = client.post(review)
    second = client.post(review)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "al binnen" in second.content.decode()
    assert Response.objects.count() == 1


def test_racing_submits_of_one_draft_store_one_response(open_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    draft, token = draft_start(questionnaire=questionnaire, role="ouder")
    question = next(
        q
        for theme in structure_for(questionnaire).themes_for("ouder")
        for q in theme.questions_for("ouder")
        if q.kind == "likert"
    )
    draft_save(draft=draft, step=2, answers={question.id: 4})
    copy_a = pending_submit_get(token=token)
    copy_b = pending_submit_get(token=token)
    first = survey_submit_pending(pending=copy_a, token=token)
    second = survey_submit_pending(pending=copy_b, token=token)
    assert first.created is True
    assert second.created is False
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("phase", "opens", "closes", "message"),
    [
        (Trajectory.Phase.VOORBEREIDING, -1, 10, "nog niet open"),
        (Trajectory.Phase.VRAGENLIJST_OPEN, 3, 10, "gaat open op"),
        (Trajectory.Phase.VRAGENLIJST_OPEN, -10, -1, "gesloten sinds"),
        (Trajectory.Phase.AFGEROND, -10, 10, "gesloten"),
    ],
)
def test_a_survey_that_is_not_open_says_so_and_stores_nothing(
    client, region, phase, opens, closes, message
):
    today = timezone.localdate()
    trajectory = TrajectoryFactory(
        region=region,
        phase=phase,
        survey_opens_on=today + dt.timedelta(days=opens),
        survey_closes_on=today + dt.timedelta(days=closes),
    )
    url = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    assert message in client.get(url).content.decode()
    response = client.post(url)
    assert message in response.content.decode()
    assert SurveyDraft.objects.count() == 0


def test_closing_the_survey_stops_a_half_done_survey_from_being_stored(
    client, open_trajectory
):
    review = answer_all(client, start(client, open_trajectory))
    Trajectory.objects.filter(pk=open_trajectory.pk).update(
        phase=Trajectory.Phase.BIJEENKOMSTEN
    )
    response = client.post(review)
    assert "gesloten" in response.content.decode()
    assert Response.objects.count() == 0


def test_sending_after_the_survey_closed_shows_the_saved_answers_back(
    client, open_trajectory
):
    review = answer_all(
        client, start(client, open_trajectory), text="Mijn begeleider is top."
    )
    Trajectory.objects.filter(pk=open_trajectory.pk).update(
        phase=Trajectory.Phase.BIJEENKOMSTEN
    )

    for response in (client.post(review), client.get(review)):
        html = response.content.decode()
        assert "Dit had u ingevuld" in html
        assert "Mijn begeleider is top." in html
        assert "Mee eens" in html  # a scale answer in its words
    assert Response.objects.count() == 0


def test_no_ip_address_or_user_agent_is_stored(client, open_trajectory):
    agent = "Mozilla/5.0 (Spion; Herkenbaar 12345)"
    ip = "203.0.113.77"
    location = start(client, open_trajectory)
    client.defaults.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": ip})
    review = answer_all(client, location)
    client.post(review, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    assert Response.objects.count() == 1
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent", "user", "created_at"}
    with connection.cursor() as cursor:
        for table in (Response._meta.db_table, Answer._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert ip not in dump
            assert "Spion" not in dump


def test_too_long_text_gets_a_dutch_message_and_keeps_the_text(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegouder")
    response = client.post(location, {"action": "next"})
    page = response["Location"]
    html = client.get(page).content.decode()
    textarea = html.split('<textarea name="', 1)[1].split('"', 1)[0]
    long_text = "Dit is mijn verhaal. " * 150
    response = client.post(page, {textarea: long_text, "action": "next"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "te lang" in body
    assert "Dit is mijn verhaal." in body
    assert draft_get(token=token_from(location)).data["answers"] == {}


def test_null_bytes_and_markup_never_break_the_page(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegouder")
    page = client.post(location, {"action": "next"})["Location"]
    html = client.get(page).content.decode()
    textarea = html.split('<textarea name="', 1)[1].split('"', 1)[0]
    response = client.post(page, {textarea: "a\x00b", "action": "next"})
    assert response.status_code == 200
    response = client.post(
        page, {textarea: "<script>alert(1)</script>", "action": "next"}
    )
    assert response.status_code == 302
    back = client.get(page).content.decode()
    assert "<script>alert(1)</script>" not in back
    assert "&lt;script&gt;" in back


def test_tampered_and_unknown_tokens_get_a_clear_404(client, open_trajectory):
    for url in [
        "/v/geen-bestaande-link/",
        "/vragenlijst/verzonnen/",
        "/vragenlijst/verzonnen/stap/1/",
        "/vragenlijst/verzonnen/versturen/",
        "/vragenlijst/" + "x" * 500 + "/stap/0/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert (
            "werkt niet" in response.content.decode()
            or "bestaat niet" in response.content.decode()
        )
    assert client.post("/vragenlijst/verzonnen/versturen/").status_code == 404


def test_a_step_past_the_end_goes_to_the_review(client, open_trajectory):
    location = start(client, open_trajectory, role="ouder")
    client.post(location, {"action": "next"})
    response = client.get(location.replace("/stap/0/", "/stap/999/"))
    assert response.status_code == 302
    assert response["Location"].endswith("/versturen/")


def test_starts_are_rate_limited_per_client_with_a_dutch_page(
    client, open_trajectory, settings
):
    # A day-long window: django-ratelimit counts in fixed windows, and a
    # minute-long one could roll over between the requests.
    settings.SURVEY_START_RATE = "3/d"
    url = reverse(
        "surveys:start", kwargs={"public_token": open_trajectory.public_token}
    )
    statuses = [client.post(url).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    assert "Even wachten" in client.post(url).content.decode()


@pytest.mark.parametrize("answers", [10, 40])
def test_submit_runs_a_fixed_handful_of_queries(client, open_trajectory, answers):
    """One look-up by token, one insert for the response, one bulk insert."""
    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    structure = structure_for(questionnaire)
    likert = {q.id for t in structure.themes for q in t.questions if q.kind == "likert"}
    ids = sorted(structure.question_ids_for("professional") & likert)[:answers]
    assert len(ids) == answers
    draft, token = draft_start(questionnaire=questionnaire, role="professional")
    draft.data = {"answers": {str(i): 3 for i in ids}, "context": {}}
    draft.save()
    url = reverse("surveys:submit", kwargs={"token": token})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url)
    assert response.status_code == 302
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) <= 5, statements
    assert Answer.objects.count() == answers


def test_an_english_browser_still_gets_dutch_until_english_is_chosen(
    client, open_trajectory
):
    location = start(client, open_trajectory, role="pleegouder")
    page = client.post(location, {"action": "next"})["Location"]
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Helemaal mee eens" in html
    assert "De voorbereiding en training" in html
    client.post(reverse("set_language"), {"language": "en", "next": page})
    english = client.get(page).content.decode()
    assert "The preparation and training" in english


def test_an_answer_that_suggests_an_unsafe_child_is_flagged_on_submit(
    client, open_trajectory
):
    from surveys.models import OpenAnswerReview

    questionnaire = questionnaire_get_or_create(trajectory=open_trajectory)
    structure = structure_for(questionnaire)
    open_ids = [
        q.id
        for t in structure.themes_for("pleegkind")
        for q in t.questions_for("pleegkind")
        if q.kind == "open"
    ]
    draft, token = draft_start(questionnaire=questionnaire, role="pleegkind")
    draft.data = {
        "answers": {
            str(open_ids[0]): "Thuis slaat hij mij soms als ik te laat ben.",
            str(open_ids[1]): "Mijn pleegmoeder helpt mij met school.",
        },
        "context": {},
    }
    draft.save()
    response = client.post(reverse("surveys:submit", kwargs={"token": token}))
    assert response.status_code == 302
    review = OpenAnswerReview.objects.get()
    assert review.unsafe is True
    assert review.answer.text.startswith("Thuis slaat")
    assert review.shown_text is None
