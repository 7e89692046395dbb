"""Meeting mode: rounds belong to a meeting, the steps, the presenter and the projector."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sessions_app.meetings.models import AgendaItem
from sessions_app.presentation.selectors import Kind
from sessions_app.presentation.selectors import presentation_for
from sessions_app.voting.models import VotingRound
from sessions_app.voting.services import paper_ballot_add
from sessions_app.voting.services import round_close
from sessions_app.voting.services import round_confirm
from sessions_app.voting.services import round_open_second
from sessions_app.voting.services import round_set_per_role
from sessions_app.voting.services import voter_join
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory
from tests.sessions_app.factories import TopicFactory
from tests.sessions_app.factories import round_with_topics
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for
from tests.surveys.test_review_helpers import NEVER_SHOWN
from tests.surveys.test_review_helpers import TEXTS
from tests.surveys.test_review_helpers import make_review_states
from tests.surveys.test_review_helpers import open_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(trajectory):
    return MeetingFactory(trajectory=trajectory)


def _answered(trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 8, [1, 2, 4])
    answer(questionnaire, "professional", 7, [4, 5])
    return questionnaire


def step_url(meeting, step):
    return reverse(
        "presentation:step",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk, "step": step},
    )


def presenter_url(meeting):
    return reverse(
        "presentation:presenter",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk},
    )


def follow_url(meeting, seen):
    url = reverse(
        "presentation:follow",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk},
    )
    return f"{url}?gezien={seen}"


def step_number(meeting, kind):
    steps = presentation_for(meeting=meeting).steps
    return next(step.number for step in steps if step.kind == kind)


# A round belongs to a meeting ----------------------------------------------------


def test_a_round_opened_for_a_meeting_belongs_to_it(trajectory, meeting):
    voting_round, _topics = round_with_topics(trajectory, count=3, meeting=meeting)

    assert list(meeting.voting_rounds.all()) == [voting_round]


def test_a_round_cannot_belong_to_another_trajectorys_meeting(
    trajectory, other_trajectory
):
    foreign = MeetingFactory(trajectory=other_trajectory)

    with pytest.raises(ValidationError):
        round_with_topics(trajectory, count=3, meeting=foreign)
    assert not VotingRound.objects.exists()


def test_a_second_round_stays_with_the_first_rounds_meeting(trajectory, meeting):
    first, topics = round_with_topics(trajectory, count=3, meeting=meeting)
    paper_ballot_add(voting_round=first, votes={topics[0].pk: 2}, role="ouder")
    round_close(voting_round=first)

    second = round_open_second(voting_round=first, top=2)

    assert second.meeting == meeting


def test_the_round_form_lets_the_facilitator_pick_the_meeting(
    client_for, trajectory, meeting
):
    TopicFactory.create_batch(2, trajectory=trajectory)
    client = client_for("facilitator")
    url = reverse("voting:round_open", kwargs={"pk": trajectory.pk})

    response = client.post(
        url, {"votes_per_voter": 3, "max_per_topic": 3, "meeting": meeting.pk}
    )

    assert response.status_code == 302
    assert VotingRound.objects.get().meeting == meeting


def test_the_round_form_refuses_a_meeting_of_another_trajectory(
    client_for, trajectory, other_trajectory
):
    TopicFactory.create_batch(2, trajectory=trajectory)
    foreign = MeetingFactory(trajectory=other_trajectory)
    client = client_for("facilitator")
    url = reverse("voting:round_open", kwargs={"pk": trajectory.pk})

    client.post(url, {"votes_per_voter": 3, "max_per_topic": 3, "meeting": foreign.pk})

    assert not VotingRound.objects.exists()


def test_the_longlist_offers_the_topic_choice_meeting_first(
    client_for, trajectory, meeting
):
    MeetingFactory(trajectory=trajectory, kind="kennismaking", position=0)
    response = client_for("facilitator").get(
        reverse("voting:longlist", kwargs={"pk": trajectory.pk})
    )

    assert response.context["round_form"]["meeting"].initial == meeting.pk


# The steps ---------------------------------------------------------------------


def test_a_meeting_without_answers_or_round_has_agenda_and_results_title(meeting):
    steps = presentation_for(meeting=meeting).steps

    assert [s.kind for s in steps] == [Kind.AGENDA, Kind.RESULTS]


def test_a_meeting_with_results_and_a_round_has_every_step(trajectory, meeting):
    _answered(trajectory)
    round_with_topics(trajectory, count=3, meeting=meeting)

    presentation = presentation_for(meeting=meeting)
    kinds = [s.kind for s in presentation.steps]

    themes = len(presentation.read.themes)
    assert themes > 0
    assert kinds == [
        Kind.AGENDA,
        Kind.RESULTS,
        *[Kind.THEME] * themes,
        Kind.JOIN,
        Kind.LIVE,
        Kind.RANKING,
        Kind.CHOSEN,
    ]


def test_the_agenda_step_shows_the_items_with_their_times(client_for, meeting):
    AgendaItem.objects.create(
        meeting=meeting, position=0, starts_at=dt.time(19, 30), title="Welkom"
    )

    response = client_for("facilitator").get(step_url(meeting, 1))

    assert response.status_code == 200
    assert "19:30" in response.content.decode()
    assert "Welkom" in response.content.decode()


def test_a_theme_slide_shows_only_reviewed_quotes(client_for, trajectory, meeting):
    questionnaire = _answered(trajectory)
    make_review_states(questionnaire)
    theme_key = open_question(questionnaire).theme.key
    presentation = presentation_for(meeting=meeting)
    number = next(
        s.number
        for s in presentation.steps
        if s.kind == Kind.THEME
        and presentation.read.themes[s.theme_index].key == theme_key
    )

    page = client_for("facilitator").get(step_url(meeting, number)).content.decode()

    assert TEXTS["approved"] in page
    assert TEXTS["edited"] in page
    for state in NEVER_SHOWN:
        assert TEXTS[state] not in page


def test_the_join_step_shows_the_open_rounds_code_and_qr(
    client_for, trajectory, meeting
):
    voting_round, _topics = round_with_topics(trajectory, count=3, meeting=meeting)

    page = client_for("facilitator").get(
        step_url(meeting, step_number(meeting, Kind.JOIN))
    )

    html = page.content.decode()
    assert voting_round.code in html
    assert reverse("voting:round_qr", kwargs={"pk": voting_round.pk}) in html


def test_the_live_step_polls_the_projectors_tally(client_for, trajectory, meeting):
    voting_round, _topics = round_with_topics(trajectory, count=3, meeting=meeting)

    html = (
        client_for("facilitator")
        .get(step_url(meeting, step_number(meeting, Kind.LIVE)))
        .content.decode()
    )

    assert reverse("voting:round_tally", kwargs={"pk": voting_round.pk}) in html


def _closed_round(trajectory, meeting, *, parents=8, children=2, professionals=6):
    voting_round, topics = round_with_topics(trajectory, count=3, meeting=meeting)
    for _ in range(parents):
        paper_ballot_add(
            voting_round=voting_round, votes={topics[0].pk: 1}, role="pleegouder"
        )
    for _ in range(children):
        paper_ballot_add(
            voting_round=voting_round, votes={topics[1].pk: 1}, role="pleegkind"
        )
    for _ in range(professionals):
        paper_ballot_add(
            voting_round=voting_round, votes={topics[2].pk: 1}, role="professional"
        )
    round_close(voting_round=voting_round)
    round_set_per_role(voting_round=voting_round, show=True)
    return voting_round, topics


def test_the_ranking_step_shows_roles_and_hides_small_ones(
    client_for, trajectory, meeting
):
    _closed_round(trajectory, meeting)

    response = client_for("facilitator").get(
        step_url(meeting, step_number(meeting, Kind.RANKING))
    )

    roles = {role.role: role for role in response.context["roles"]}
    assert roles["pleegouder"].rows
    assert roles["pleegkind"].small
    assert roles["pleegkind"].rows is None
    assert "< 5 stemmers" in response.content.decode()


def test_the_ranking_step_shows_no_roles_until_the_facilitator_switches_them_on(
    client_for, trajectory, meeting
):
    voting_round, _topics = _closed_round(trajectory, meeting)
    round_set_per_role(voting_round=voting_round, show=False)

    response = client_for("facilitator").get(
        step_url(meeting, step_number(meeting, Kind.RANKING))
    )

    assert response.context["rows"]
    assert response.context["roles"] == []


def test_the_ranking_step_waits_while_the_only_round_is_open(
    client_for, trajectory, meeting
):
    round_with_topics(trajectory, count=3, meeting=meeting)

    response = client_for("facilitator").get(
        step_url(meeting, step_number(meeting, Kind.RANKING))
    )

    assert response.context.get("rows") is None
    assert "De uitslag komt als de stemronde gesloten is." in response.content.decode()


def test_the_chosen_step_shows_the_confirmed_topics(client_for, trajectory, meeting):
    voting_round, topics = _closed_round(trajectory, meeting)
    round_confirm(voting_round=voting_round, topic_ids=[t.pk for t in topics])

    response = client_for("facilitator").get(
        step_url(meeting, step_number(meeting, Kind.CHOSEN))
    )

    assert response.context["chosen"] == topics


def test_the_steps_run_the_same_statements_at_two_data_sizes(
    client_for, trajectory, meeting
):
    """Each step's page: constant SQL, whatever the answers, voters and agenda."""
    client = client_for("facilitator")
    voting_round, topics = _closed_round(trajectory, meeting)
    round_confirm(voting_round=voting_round, topic_ids=[t.pk for t in topics])
    _answered(trajectory)

    def counts():
        result = {}
        for step in presentation_for(meeting=meeting).steps:
            cache.clear()  # the tally's one-second cache: count it cold each time
            with CaptureQueriesContext(connection) as queries:
                assert client.get(step_url(meeting, step.number)).status_code == 200
            result[step.kind, step.theme_index] = len(queries)
        for url in (presenter_url(meeting), follow_url(meeting, 1)):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result[url] = len(queries)
        return result

    small = counts()
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 30, [1, 3, 5])
    answer(questionnaire, "ouder", 12, [2, 4])
    for index in range(10):
        AgendaItem.objects.create(
            meeting=meeting, position=index, starts_at=dt.time(19, index), title="Punt"
        )
    InviteeFactory.create_batch(5, meeting=meeting)
    second = round_open_second(voting_round=voting_round, top=3)
    for _ in range(25):
        voter_join(voting_round=second, role="ouder")
    # The second round adds nothing to the list of steps, only more rows.
    big = counts()

    assert big == small


# Presenter and projector in step ---------------------------------------------------


def test_the_presenter_moves_the_meeting_to_a_step(client_for, meeting):
    response = client_for("facilitator").post(presenter_url(meeting), {"step": 2})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.presentation_step == 2


@pytest.mark.parametrize("step", ["0", "3", "x", ""])
def test_the_presenter_cannot_move_past_the_steps(client_for, meeting, step):
    response = client_for("facilitator").post(presenter_url(meeting), {"step": step})

    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.presentation_step == 1


def test_the_presenter_view_shows_this_step_the_next_and_the_counts(
    client_for, trajectory, meeting
):
    voting_round, topics = round_with_topics(trajectory, count=3, meeting=meeting)
    paper_ballot_add(voting_round=voting_round, votes={topics[0].pk: 2}, role="ouder")
    InviteeFactory(meeting=meeting, attended=True, response="yes")
    InviteeFactory(meeting=meeting, response="yes")

    response = client_for("facilitator").get(presenter_url(meeting))

    context = response.context
    assert context["step"].kind == Kind.AGENDA
    assert context["next"].kind == Kind.RESULTS
    assert (context["tally"].voters, context["tally"].votes) == (1, 2)
    assert (context["attendance"].present, context["attendance"].coming) == (1, 2)


def test_the_projector_stays_while_the_presenter_has_not_moved(client_for, meeting):
    response = client_for("facilitator").get(follow_url(meeting, 1))

    assert response.status_code == 204
    assert "HX-Redirect" not in response


def test_the_projector_follows_the_presenter_to_the_new_step(client_for, meeting):
    client = client_for("facilitator")
    client.post(presenter_url(meeting), {"step": 2})

    response = client.get(follow_url(meeting, 1))

    assert response["HX-Redirect"] == step_url(meeting, 2)


def test_the_meeting_page_starts_the_presentation(client_for, meeting):
    html = client_for("facilitator").get(meeting.get_absolute_url()).content.decode()

    assert "Start presentatie" in html
    assert presenter_url(meeting) in html


def test_the_meeting_mode_speaks_english_after_the_switch(
    client_for, trajectory, meeting
):
    from tests.test_i18n import switch_to

    round_with_topics(trajectory, count=3, meeting=meeting)
    client = client_for("facilitator")
    # The request leaves English active in this thread: restore it after,
    # so that later tests in this worker read Dutch messages again.
    with translation.override(settings.LANGUAGE_CODE):
        switch_to(client, "en")
        presenter = client.get(presenter_url(meeting)).content.decode()
        join = client.get(step_url(meeting, step_number(meeting, Kind.JOIN)))
        ranking = client.get(step_url(meeting, step_number(meeting, Kind.RANKING)))

    assert "Presenter view: " in presenter
    assert "Votes cast" in presenter
    assert "Regie" not in presenter
    assert "Scan the QR code" in join.content.decode()
    assert "The results follow when the voting round is closed." in (
        ranking.content.decode()
    )


def test_the_presenters_counts_refresh_alone(client_for, trajectory, meeting):
    voting_round, topics = round_with_topics(trajectory, count=3, meeting=meeting)
    paper_ballot_add(voting_round=voting_round, votes={topics[0].pk: 1}, role="ouder")

    response = client_for("facilitator").get(
        presenter_url(meeting), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert 'data-count="voters">1' in html


def test_the_meeting_mode_needs_no_inline_script_or_style(
    client_for, trajectory, meeting
):
    """The strict Content-Security-Policy allows neither; htmx adds no style."""
    from tests.surveys.results.test_results_views import _InlineFinder

    _answered(trajectory)
    _closed_round(trajectory, meeting)
    client = client_for("facilitator")
    urls = [
        step_url(meeting, s.number) for s in presentation_for(meeting=meeting).steps
    ]
    for url in [*urls, presenter_url(meeting)]:
        html = client.get(url).content.decode()
        finder = _InlineFinder()
        finder.feed(html)
        assert finder.inline == [], url
        assert '"includeIndicatorStyles": false' in html, url
