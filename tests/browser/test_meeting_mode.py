"""Meeting mode in a real Chromium: every step fits the projector, keys, two windows."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sessions_app.meetings.models import AgendaItem
from sessions_app.presentation.selectors import presentation_for
from sessions_app.voting.services import paper_ballot_add
from sessions_app.voting.services import round_close
from sessions_app.voting.services import round_confirm
from sessions_app.voting.services import round_open_second
from sessions_app.voting.services import round_set_per_role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_results import _signed_in_context
from tests.sessions_app.factories import MeetingFactory
from tests.sessions_app.factories import round_with_topics
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for
from tests.surveys.test_review_helpers import make_review_states

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 720), (1024, 768)]
ROLES = ["pleegouder"] * 9 + ["professional"] * 7 + ["ouder"] * 6 + ["pleegkind"] * 2


@pytest.fixture
def meeting(trajectory):
    """A topic-choice meeting with an agenda, survey results, quotes and rounds."""
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 8, [1, 2, 4])
    answer(questionnaire, "professional", 7, [4, 5])
    answer(questionnaire, "beleidsmaker", 6, [3, 4, 5])
    make_review_states(questionnaire)
    meeting = MeetingFactory(trajectory=trajectory, title="Onderwerpkeuze")
    for index, (time, title) in enumerate(
        [
            (dt.time(19, 0), "Welkom en kennismaken"),
            (dt.time(19, 20), "Wat de vragenlijst ons vertelt"),
            (dt.time(20, 15), "Pauze"),
            (dt.time(20, 30), "Onderwerpen kiezen"),
            (dt.time(21, 15), "Afspraken en afsluiting"),
        ]
    ):
        AgendaItem.objects.create(
            meeting=meeting, position=index, starts_at=time, title=title
        )
    first, topics = round_with_topics(trajectory, count=14, meeting=meeting)
    for index, role in enumerate(ROLES):
        paper_ballot_add(
            voting_round=first,
            votes={topics[index % 5].pk: 2, topics[(index + 3) % 14].pk: 1},
            role=role,
        )
    round_close(voting_round=first)
    round_set_per_role(voting_round=first, show=True)
    round_confirm(voting_round=first, topic_ids=[t.pk for t in topics[:5]])
    second = round_open_second(voting_round=first, top=6)
    paper_ballot_add(voting_round=second, votes={topics[0].pk: 1}, role="ouder")
    return meeting


def _url(live_server, name, meeting, **kwargs):
    return live_server.url + reverse(
        f"presentation:{name}",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk, **kwargs},
    )


def _fits(page, width, height):
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return size[0] <= width and size[1] <= height, size


def test_every_step_fits_both_projector_sizes_and_passes_axe(
    browser, live_server, trajectory, meeting
):
    steps = presentation_for(meeting=meeting).steps
    assert len(steps) > 8
    context = _signed_in_context(browser, live_server, trajectory)
    page = context.new_page()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for step in steps:
            page.goto(_url(live_server, "step", meeting, step=step.number))
            expect(page.locator(".slide-counter")).to_contain_text(
                f"Stap {step.number} van {len(steps)}"
            )
            fits, size = _fits(page, width, height)
            assert fits, f"step {step.number} ({step.kind}) at {width}x{height}: {size}"
            if width == SIZES[0][0]:
                assert_no_axe_violations(page, f"step {step.number} ({step.kind})")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(_url(live_server, "presenter", meeting))
    assert_no_axe_violations(page, "presenter view")
    context.close()


def test_the_projector_follows_the_presenter_window(
    browser, live_server, trajectory, meeting
):
    context = _signed_in_context(browser, live_server, trajectory)
    presenter = context.new_page()
    presenter.goto(_url(live_server, "presenter", meeting))
    with presenter.expect_popup() as popup:
        presenter.get_by_role("link", name="Scherm voor de projector openen").click()
    projector = popup.value
    errors = []
    projector.on(
        "console", lambda m: errors.append(m.text) if m.type == "error" else None
    )
    projector.set_viewport_size({"width": 1280, "height": 720})
    expect(projector).to_have_url(re.compile(r"/presentatie/1/$"))
    expect(projector.get_by_role("heading", level=2)).to_have_text("Onderwerpkeuze")

    # Keys in the presenter window move the projector window by itself.
    presenter.bring_to_front()
    presenter.keyboard.press("ArrowRight")
    expect(presenter.locator("[data-current-step]")).to_have_text(
        "Resultaten van de vragenlijst"
    )
    expect(projector).to_have_url(re.compile(r"/presentatie/2/$"), timeout=5000)
    presenter.get_by_role("button", name="Volgende").click()
    expect(projector).to_have_url(re.compile(r"/presentatie/3/$"), timeout=5000)

    # Jumping to the join screen shows the open round's code on the projector.
    presenter.get_by_role("button", name=re.compile(r"Meedoen met stemmen")).click()
    expect(projector.locator(".mode-code")).to_be_visible(timeout=5000)
    presenter.keyboard.press("PageUp")
    expect(projector.locator(".mode-code")).to_have_count(0, timeout=5000)
    # The strict Content-Security-Policy blocked nothing on the way.
    assert errors == []
    context.close()


def test_the_projector_steps_by_keyboard(browser, live_server, trajectory, meeting):
    context = _signed_in_context(browser, live_server, trajectory)
    page = context.new_page()
    page.goto(_url(live_server, "step", meeting, step=1))

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/presentatie/2/$"))
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/presentatie/3/$"))
    page.keyboard.press("PageDown")
    expect(page).to_have_url(re.compile(r"/presentatie/4/$"))
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/presentatie/3/$"))
    page.keyboard.press("PageUp")
    expect(page).to_have_url(re.compile(r"/presentatie/2/$"))
    context.close()


def test_the_step_links_work_without_javascript(
    browser, live_server, trajectory, meeting
):
    context = _signed_in_context(
        browser, live_server, trajectory, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(_url(live_server, "step", meeting, step=1))

    page.get_by_role("link", name="Volgende").click()
    expect(page).to_have_url(re.compile(r"/presentatie/2/$"))
    page.get_by_role("link", name="Vorige").click()
    expect(page).to_have_url(re.compile(r"/presentatie/1/$"))
    # The presenter's buttons are forms: they work without JavaScript too.
    page.goto(_url(live_server, "presenter", meeting))
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("[data-current-step]")).to_have_text(
        "Resultaten van de vragenlijst"
    )
    context.close()
