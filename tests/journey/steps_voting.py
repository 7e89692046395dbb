"""Phase 4: the longlist, ten voters on their phones (join code) while the
projector updates by itself, and the topics chosen."""

from django.urls import reverse
from playwright.sync_api import expect

from sessions_app.models import Topic
from sessions_app.models import VotingRound

from .journey import PROJECTOR
from .journey import Journey

VOTER_ROLES = ["pleegouder"] * 4 + ["ouder"] * 2 + ["professional"] * 2
VOTER_ROLES += ["pleegkind", "beleidsmaker"]
CHOSEN = 3
OWN_TOPICS = [
    "Een vast aanspreekpunt voor pleegouders",
    "Sneller geld voor bijzondere kosten",
    "Meer steun na een breakdown",
    "Jongeren praten mee over hun plaatsing",
]


def facilitator_makes_the_longlist(j: Journey, page, trajectory) -> list[Topic]:
    longlist = reverse("voting:longlist", kwargs={"pk": trajectory.pk})
    j.visit(page, longlist)
    page.locator("form[action$='/onderwerpen/uit-vragenlijst/'] button").click()
    page.wait_for_url(j.url(longlist))
    for _ in range(5):
        accept = page.locator("button[name=decision][value=accept]")
        if not accept.count():
            break
        with page.expect_navigation():
            accept.first.click()
    # And topics of her own, as the meeting asked for them.
    for title in OWN_TOPICS:
        add = page.locator("main form:has(input[name=title]):not([action])")
        add.locator("input[name=title]").fill(title)
        with page.expect_navigation():
            add.locator("button").click()
    j.check(page, variant="filled")
    topics = list(Topic.objects.filter(trajectory=trajectory, status="accepted"))
    assert len(topics) >= CHOSEN, topics
    return topics


def facilitator_opens_a_round(j: Journey, page, trajectory) -> VotingRound:
    page.locator("form[action$='/stemronden/nieuw/'] button").click()
    page.wait_for_url("**/stemronden/*/")
    voting_round = VotingRound.objects.get(trajectory=trajectory)
    j.check(page, variant="open")
    return voting_round


def voter_votes(j: Journey, code: str, role: str, topics: list[str]):
    page = j.page(phone=True)
    j.visit(page, reverse("voting:join"))
    page.locator("input[name=code]").fill(code.lower())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    j.check(page)
    page.locator(f"input[name=role][value={role}]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    j.check(page)
    for title in topics:
        item = page.locator("li", has_text=title)
        item.locator("button[name=action][value=add]").click()
        expect(item.locator("button[name=action][value=remove]")).to_be_enabled()
    j.check(page, variant="voted")
    return page


def ten_voters_vote_while_the_projector_updates(
    j: Journey, facilitator_context, voting_round, topics
):
    projector = facilitator_context.new_page()
    projector.set_viewport_size(PROJECTOR["viewport"])
    j.visit(
        projector, reverse("voting:round_projector", kwargs={"pk": voting_round.pk})
    )
    count = projector.locator(".count .number")
    expect(count).to_have_text("0")
    titles = [t.title for t in topics]
    for index, role in enumerate(VOTER_ROLES):
        # Everyone backs the first topic; the second vote spreads.
        choice = [titles[0], titles[1 + index % (len(titles) - 1)]]
        phone = voter_votes(j, voting_round.code, role, choice)
        phone.context.close()
        if index in (0, 4):
            # No reload: the projector polls the tally.
            expect(count).to_have_text(str(index + 1), timeout=10_000)
    expect(count).to_have_text(str(len(VOTER_ROLES)), timeout=10_000)
    first = projector.locator(".bars li").first
    expect(first).to_contain_text(titles[0], timeout=10_000)
    expect(first.locator(".votes")).to_have_text(str(len(VOTER_ROLES)))
    return projector


def facilitator_closes_and_chooses(j: Journey, page, voting_round) -> list[Topic]:
    j.visit(page, voting_round.get_absolute_url())
    with page.expect_navigation():
        page.locator("form[action$='/sluiten/'] button").click()
    j.check(page, variant="closed")
    boxes = page.locator("form[action$='/bevestigen/'] input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).set_checked(index < CHOSEN)
    with page.expect_navigation():
        page.locator("form[action$='/bevestigen/'] button").click()
    voting_round.refresh_from_db()
    assert voting_round.confirmed_at is not None
    chosen = list(voting_round.chosen_topics.all())
    assert len(chosen) == CHOSEN, chosen
    return chosen
