"""Live voting in a real Chromium: phones vote while the projector updates itself."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sessions_app.voting.services import paper_ballot_add
from sessions_app.voting.services import round_close
from sessions_app.voting.services import round_set_per_role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_results import _signed_in_context
from tests.sessions_app.factories import round_with_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 375, "height": 667},
    "locale": "nl-NL",
    "is_mobile": True,
}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


def _phone_votes(browser, live_server, code, topic_title, *, javascript=True):
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + reverse("voting:join"))
    page.get_by_label("Code van het scherm").fill(code.lower())
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Ouder", exact=True).check()
    page.get_by_role("button", name="Naar de onderwerpen").click()
    item = page.locator("li", has_text=topic_title)
    item.get_by_role("button", name="Stem geven").click()
    expect(page.locator("#left")).to_contain_text("nog 2 stemmen")
    return context, page


def test_phones_vote_while_the_projector_updates_itself(
    browser, live_server, trajectory
):
    voting_round, topics = round_with_topics(trajectory, count=3)
    facilitator = _signed_in_context(browser, live_server, trajectory)
    laptop = facilitator.new_page()
    laptop.goto(live_server.url + voting_round.get_absolute_url())
    expect(laptop.get_by_role("heading", level=1)).to_contain_text(voting_round.code)
    projector = facilitator.new_page()
    projector.set_viewport_size(PROJECTOR["viewport"])
    projector.goto(
        live_server.url
        + reverse("voting:round_projector", kwargs={"pk": voting_round.pk})
    )
    expect(projector.locator(".code")).to_have_text(voting_round.code)
    expect(projector.locator(".count .number")).to_have_text("0")

    phones = [
        _phone_votes(browser, live_server, voting_round.code, topics[0].title),
        _phone_votes(browser, live_server, voting_round.code, topics[0].title),
        _phone_votes(
            browser, live_server, voting_round.code, topics[1].title, javascript=False
        ),
    ]
    # No reload: htmx polls the cached tally.
    expect(projector.locator(".count .number")).to_have_text("3", timeout=5000)
    first = projector.locator(".bars li").first
    expect(first).to_contain_text(topics[0].title, timeout=5000)
    expect(first.locator(".votes")).to_have_text("2")
    size = projector.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size[0] <= 1280
    assert size[1] <= 720

    # The facilitator hides the bars; the projector follows by itself.
    laptop.reload()
    laptop.get_by_role("button", name="Verberg de stand op het scherm").click()
    expect(projector.locator(".bars")).to_have_count(0, timeout=5000)
    expect(projector.locator(".hidden-note")).to_be_visible()
    laptop.get_by_role("button", name="Stemronde sluiten").click()
    laptop.get_by_role("button", name="Laat de stand zien op het scherm").click()
    expect(projector.locator(".bars li")).to_have_count(3, timeout=5000)
    # A phone's vote after the close changes nothing and says why.
    _context, phone = phones[0]
    phone.reload()
    expect(phone.get_by_text("Deze stemronde is gesloten")).to_be_visible()
    for context, _page in phones:
        context.close()
    facilitator.close()


def test_voter_pages_have_no_axe_violations(browser, live_server, trajectory):
    voting_round, topics = round_with_topics(trajectory, count=3)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + reverse("voting:join"))
    assert_no_axe_violations(page, "join page")
    page.goto(live_server.url + reverse("voting:join") + "?code=O0")
    assert_no_axe_violations(page, "join page with an error")
    page.goto(
        live_server.url + reverse("voting:ballot", kwargs={"code": voting_round.code})
    )
    assert_no_axe_violations(page, "role question")
    page.get_by_role("button", name="Naar de onderwerpen").click()
    page.locator("li", has_text=topics[0].title).get_by_role(
        "button", name="Stem geven"
    ).click()
    expect(page.locator("#left")).to_be_visible()
    assert_no_axe_violations(page, "ballot")
    context.close()


def test_projector_and_facilitator_pages_have_no_axe_violations(
    browser, live_server, trajectory
):
    voting_round, topics = round_with_topics(trajectory, count=4)
    for index in range(12):
        paper_ballot_add(
            voting_round=voting_round,
            votes={topics[index % 4].pk: 1},
            role=["ouder", "pleegouder", "pleegkind"][index % 3] if index < 11 else "",
        )
    context = _signed_in_context(browser, live_server, trajectory)
    page = context.new_page()
    page.set_viewport_size(PROJECTOR["viewport"])
    url = reverse("voting:round_projector", kwargs={"pk": voting_round.pk})
    page.goto(live_server.url + url)
    assert_no_axe_violations(page, "projector, open")
    round_close(voting_round=voting_round)
    round_set_per_role(voting_round=voting_round, show=True)
    page.goto(live_server.url + url)
    expect(page.locator(".roles")).to_be_visible()
    assert_no_axe_violations(page, "projector, closed with roles")
    for name, kwargs in (
        ("voting:round_detail", {"pk": voting_round.pk}),
        ("voting:longlist", {"pk": trajectory.pk}),
    ):
        page.goto(live_server.url + reverse(name, kwargs=kwargs))
        assert_no_axe_violations(page, name)
    assert re.search(r"\d", page.content())
    context.close()
