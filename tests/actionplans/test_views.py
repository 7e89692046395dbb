"""Wiring of the action plan pages: conflicts, publishing, PDF, owners, hostile input."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from actionplans import services
from actionplans.models import Action
from actionplans.models import PdfDownload
from actionplans.models import PlanVersion
from tests.actionplans.factories import ActionFactory
from tests.actionplans.factories import plan_with_actions

pytestmark = pytest.mark.django_db

# Session, user, trajectory, memberships, plan, chosen topics (2), the
# confirmed round (its topics and tally only when there is one), latest
# version, topics, actions, notes: the same for 5 or 30 actions.
PLAN_PAGE_QUERIES = 11


@pytest.fixture
def plan(trajectory):
    return plan_with_actions(trajectory, topics=2, actions=2)


def _url(name, trajectory, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"pk": trajectory.pk, **kwargs})


def _action_post(action, **overrides):
    data = {
        "how": action.how,
        "owner_organisation": action.owner_organisation,
        "owner_contact": action.owner_contact,
        "owner_email": action.owner_email,
        "other_parties": "",
        "deadline": action.deadline.isoformat() if action.deadline else "",
        "resources": "",
        "success_measure": "",
        "status": action.status,
        "version": action.version,
    }
    data.update(overrides)
    return data


def test_second_goal_writer_sees_the_other_text_and_keeps_their_own(
    client_for, trajectory, plan
):
    entry = plan.plan_topics.first()
    client = client_for("coordinator")
    url = _url("goal_edit", trajectory, entry_pk=entry.pk)
    client.post(url, {"goal": "Tekst van de facilitator", "version": 1})

    response = client.post(url, {"goal": "Mijn eigen tekst", "version": 1})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Tekst van de facilitator" in page
    assert "Mijn eigen tekst" in page
    # The form now carries the version the writer has seen: saving again wins.
    again = client.post(url, {"goal": "Samengevoegd", "version": 2})
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.goal == "Samengevoegd"


def test_second_action_writer_sees_what_changed(client_for, trajectory, plan):
    action = Action.objects.filter(plan_topic__plan=plan).first()
    client = client_for("facilitator")
    url = _url("action_edit", trajectory, action_pk=action.pk)
    client.post(url, _action_post(action, how="Spreekuur elke week"))

    response = client.post(url, _action_post(action, how="Spreekuur elke maand"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Spreekuur elke week" in page
    assert "Spreekuur elke maand" in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"deadline": "31-02-2027"},
        {"deadline": "morgen"},
        {"status": "klaar"},
        {"how": ""},
        {"how": "x" * 5000},
        {"owner_email": "geen-adres"},
        {"version": "abc"},
        {"version": ""},
    ],
)
def test_hostile_action_input_is_a_clear_400(client_for, trajectory, plan, overrides):
    action = Action.objects.filter(plan_topic__plan=plan).first()
    client = client_for("coordinator")

    response = client.post(
        _url("action_edit", trajectory, action_pk=action.pk),
        _action_post(action, **overrides),
    )

    assert response.status_code == 400
    action.refresh_from_db()
    assert action.version == 1


def test_goal_with_a_bad_version_is_a_400(client_for, trajectory, plan):
    entry = plan.plan_topics.first()

    response = client_for("coordinator").post(
        _url("goal_edit", trajectory, entry_pk=entry.pk),
        {"goal": "x", "version": "-1"},
    )

    assert response.status_code == 400


def test_action_of_another_plan_is_404(client_for, trajectory, plan, other_trajectory):
    foreign = ActionFactory(plan_topic__plan__trajectory=other_trajectory)

    response = client_for("coordinator").get(
        _url("action_edit", trajectory, action_pk=foreign.pk)
    )

    assert response.status_code == 404


def test_add_action_puts_it_on_the_plan_page(client_for, trajectory, plan):
    entry = plan.plan_topics.first()
    client = client_for("coordinator")
    data = _action_post(
        Action(owner_organisation="Pleegzorg Oost", deadline=dt.date(2027, 1, 1)),
        how="Buddy voor nieuwe pleegouders",
    )

    response = client.post(_url("action_add", trajectory, entry_pk=entry.pk), data)

    assert response.status_code == 302
    page = client.get(_url("plan", trajectory)).content.decode()
    assert "Buddy voor nieuwe pleegouders" in page


def test_publish_answers_at_once_and_says_queued_without_a_worker(
    client_for, trajectory, plan, settings, django_capture_on_commit_callbacks
):
    # A broker nobody listens on: the request must still succeed.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = client_for("coordinator")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_url("publish", trajectory), follow=True)

    assert response.status_code == 200
    assert len(callbacks) == 1
    assert "in de wachtrij" in response.content.decode()
    version = PlanVersion.objects.get(plan=plan)
    assert version.pdf_status == "queued"


def test_pdf_status_fragment_polls_until_ready(client_for, trajectory, plan):
    version = services.action_plan_publish(plan=plan, published_by=None).version
    client = client_for("beleidsmaker")
    url = _url("pdf_status", trajectory, number=version.number)

    queued = client.get(url).content.decode()
    PlanVersion.objects.filter(pk=version.pk).update(pdf_status="ready")
    ready = client.get(url).content.decode()

    assert 'hx-trigger="every 2s"' in queued
    assert "hx-trigger" not in ready
    assert "verbeteragenda.pdf" in ready


def test_failed_pdf_shows_the_reason(client_for, trajectory, plan):
    version = services.action_plan_publish(plan=plan, published_by=None).version
    PlanVersion.objects.filter(pk=version.pk).update(
        pdf_status="failed", pdf_error="Het bestand kon niet worden opgeslagen."
    )

    page = (
        client_for("coordinator")
        .get(_url("version_detail", trajectory, number=1))
        .content.decode()
    )

    assert "Het bestand kon niet worden opgeslagen." in page
    assert "Opnieuw proberen" in page


def test_beleidsmaker_downloads_the_pdf_and_it_is_logged(
    client_for, trajectory, plan, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    version = services.action_plan_publish(plan=plan, published_by=None).version
    version.pdf.save("plans/test.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    PlanVersion.objects.filter(pk=version.pk).update(
        pdf=version.pdf.name, pdf_status="ready"
    )
    client = client_for("beleidsmaker")

    response = client.get(_url("pdf_download", trajectory, number=1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert "no-store" in response["Cache-Control"]
    assert PdfDownload.objects.get().user.name == "Bea Beleid"


def test_pdf_file_has_no_public_url(plan):
    version = services.action_plan_publish(plan=plan, published_by=None).version
    version.pdf.name = "plans/x.pdf"

    with pytest.raises(NotImplementedError):
        _ = version.pdf.url


def test_trajectory_page_offers_the_pdf_to_the_regions_beleidsmaker(
    client_for, trajectory, plan
):
    version = services.action_plan_publish(plan=plan, published_by=None).version
    PlanVersion.objects.filter(pk=version.pk).update(pdf_status="ready")

    page = (
        client_for("beleidsmaker").get(trajectory.get_absolute_url()).content.decode()
    )

    assert _url("pdf_download", trajectory, number=1) in page


@pytest.mark.parametrize(
    "query",
    ["?van=1&naar=99", "?van=abc&naar=1", "?van=-1&naar=1", "?van=1&naar=" + "9" * 40],
)
def test_diff_with_bad_versions_is_a_clear_400(client_for, trajectory, plan, query):
    services.action_plan_publish(plan=plan, published_by=None)

    response = client_for("coordinator").get(_url("version_diff", trajectory) + query)

    assert response.status_code == 400


def test_diff_page_shows_the_changed_field(client_for, trajectory, plan):
    services.action_plan_publish(plan=plan, published_by=None)
    action = Action.objects.filter(plan_topic__plan=plan).first()
    services.action_update(action=action, expected_version=1, status="done")
    services.action_plan_publish(plan=plan, published_by=None)

    page = (
        client_for("beleidsmaker")
        .get(_url("version_diff", trajectory) + "?van=1&naar=2")
        .content.decode()
    )

    assert "Gepland" in page
    assert "Gereed" in page


def test_diff_page_shows_an_added_progress_note(client_for, trajectory, plan):
    services.action_plan_publish(plan=plan, published_by=None)
    action = Action.objects.filter(plan_topic__plan=plan).first()
    services.progress_note_add(
        action=action,
        text="Eerste spreekuur gehouden",
        author_name="X",
        noted_on=dt.date(2027, 4, 2),
    )
    services.action_plan_publish(plan=plan, published_by=None)

    page = (
        client_for("beleidsmaker")
        .get(_url("version_diff", trajectory) + "?van=1&naar=2")
        .content.decode()
    )

    assert "voortgang bij actie" in page
    assert "02-04-2027: Eerste spreekuur gehouden" in page


def test_owner_invitation_mails_a_link_that_opens_their_actions(
    client_for, trajectory, plan, django_capture_on_commit_callbacks
):
    action = Action.objects.filter(plan_topic__plan=plan).first()
    action.owner_email = "eigenaar@gemeente.nl"
    action.save()
    client = client_for("coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("owners", trajectory), {"email": "eigenaar@gemeente.nl"})

    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/actie/" in line
    ).strip()
    client.logout()
    page = client.get(link).content.decode()
    assert action.how in page
    note = client.post(
        link + f"{action.pk}/",
        {"text": "Eerste spreekuur gehouden", "status": "in_progress"},
    )
    assert note.status_code == 303
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_owner_cannot_update_someone_elses_action(trajectory, plan, client):
    mine = Action.objects.filter(plan_topic__plan=plan).first()
    other = Action.objects.filter(plan_topic__plan=plan).exclude(pk=mine.pk).first()
    mine.owner_email = "a@b.nl"
    mine.save()
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)

    response = client.post(
        reverse(
            "actionplans:owner_note",
            kwargs={"token": invite.token, "action_pk": other.pk},
        ),
        {"text": "Niet van mij"},
    )

    assert response.status_code == 404
    assert not other.notes.exists()


def test_revoked_owner_link_gives_a_clear_dutch_page(trajectory, plan, client):
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)
    services.owner_link_revoke(link=invite.link)

    home = client.get(reverse("actionplans:owner_home", kwargs={"token": invite.token}))
    action = Action.objects.filter(plan_topic__plan=plan).first()
    note = client.post(
        reverse(
            "actionplans:owner_note",
            kwargs={"token": invite.token, "action_pk": action.pk},
        ),
        {"text": "Te laat"},
    )

    assert home.status_code == 410
    page = home.content.decode()
    assert "Deze link werkt niet meer" in page
    assert trajectory.name in page
    assert note.status_code == 410
    assert not action.notes.exists()


def _confirmed_round_with_roles(trajectory, plan):
    """A confirmed round on the plan's topics: 6 parents, 6 professionals."""
    from sessions_app.voting import services as voting
    from tests.sessions_app.factories import round_with_topics

    voting_round, _others = round_with_topics(trajectory, count=2)
    topics = [entry.topic for entry in plan.plan_topics.select_related("topic")]
    voting_round.topic_ids = [t.pk for t in topics] + voting_round.topic_ids
    voting_round.chosen_min = 2
    voting_round.save(update_fields=["topic_ids", "chosen_min"])
    for role, topic in (("pleegouder", topics[0]), ("professional", topics[1])):
        for _ in range(6):
            voting.paper_ballot_add(
                voting_round=voting_round, votes={topic.pk: 1}, role=role
            )
    voting.round_close(voting_round=voting_round)
    voting.round_confirm(voting_round=voting_round, topic_ids=[t.pk for t in topics])
    return voting_round


def test_plan_page_shows_vote_results_per_role_only_where_switched_on(
    client_for, trajectory, plan
):
    from sessions_app.voting.services import round_set_per_role

    voting_round = _confirmed_round_with_roles(trajectory, plan)
    client = client_for("beleidsmaker")

    off = client.get(_url("plan", trajectory)).content.decode()
    round_set_per_role(voting_round=voting_round, show=True)
    on = client.get(_url("plan", trajectory)).content.decode()

    assert "Uitslag van de stemming" in off
    assert "12 stemmers" in off
    assert 'id="uitslag-per-rol"' not in off
    assert "Pleegouder" not in off
    assert 'id="uitslag-per-rol"' in on
    assert "Pleegouder" in on
    assert "Professional" in on


@pytest.mark.parametrize("actions", [1, 6])
def test_plan_page_uses_a_constant_number_of_queries(
    client_for, trajectory, actions, django_assert_num_queries
):
    plan = plan_with_actions(trajectory, topics=5, actions=actions)
    for action in Action.objects.filter(plan_topic__plan=plan):
        services.progress_note_add(action=action, text="Bezig", author_name="X")
    client = client_for("coordinator")
    client.get(_url("plan", trajectory))  # warm the session

    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(_url("plan", trajectory))

    assert response.status_code == 200


def test_national_overview_lists_every_region_and_recurring_themes(
    client_for, trajectory, other_trajectory
):
    from sessions_app.models import Topic

    for t in (trajectory, other_trajectory):
        plan = plan_with_actions(t, topics=1, actions=2)
        Topic.objects.filter(plan_entries__plan=plan).update(theme_key="begeleiding")

    response = client_for("staff").get(reverse("actionplans:national"))

    page = response.content.decode()
    assert trajectory.region.name in page
    assert other_trajectory.region.name in page
    overview = response.context["overview"]
    assert overview.recurring[0].key == "begeleiding"
    assert overview.recurring[0].regions == 2


@pytest.mark.parametrize("regions", [2, 8])
def test_national_overview_queries_do_not_grow_with_regions(
    regions, django_assert_num_queries
):
    from actionplans.selectors.national import national_overview
    from tests.regions.factories import TrajectoryFactory

    for _ in range(regions):
        plan_with_actions(TrajectoryFactory(), topics=2, actions=2)

    with django_assert_num_queries(6):
        overview = national_overview()

    assert len(overview.rows) >= regions


def test_staff_dashboard_shows_the_national_overview(client_for, trajectory):
    page = client_for("staff").get(reverse("dashboard")).content.decode()

    assert "Landelijk overzicht" in page


def test_coordinator_dashboard_has_no_national_overview(client_for, trajectory):
    page = client_for("coordinator").get(reverse("dashboard")).content.decode()

    assert "Landelijk overzicht" not in page


@pytest.mark.parametrize("token", ["x" * 500, "%00", "../../etc/passwd", "' OR 1=1 --"])
def test_hostile_owner_tokens_are_404(client, db, token):
    response = client.get(f"/actie/{token}/")

    assert response.status_code == 404


def test_empty_plan_cannot_be_published(client_for, trajectory):
    from actionplans.models import ActionPlan

    ActionPlan.objects.create(trajectory=trajectory)

    response = client_for("coordinator").post(_url("publish", trajectory), follow=True)

    assert "Een leeg plan kan niet worden gepubliceerd." in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_note_without_text_is_refused_with_a_message(client_for, trajectory, plan):
    action = Action.objects.filter(plan_topic__plan=plan).first()

    response = client_for("coordinator").post(
        _url("note_add", trajectory, action_pk=action.pk),
        {"text": "", "status": "done"},
        follow=True,
    )

    assert "Schrijf kort op wat er gedaan is" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "planned"
