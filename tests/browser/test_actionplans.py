"""The action plan in a browser: axe-core, two editors, a beleidsmaker's download."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from actionplans import services
from actionplans.pdf.service import plan_version_render_pdf
from tests.accounts.factories import UserFactory
from tests.actionplans.factories import plan_with_actions
from tests.actionplans.scenario import published_plan
from tests.browser.axe import assert_no_axe_violations
from tests.regions.factories import RegionMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def _context_for(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**LAPTOP, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _member(trajectory, role):
    user = UserFactory()
    RegionMembershipFactory(user=user, region=trajectory.region, role=role)
    return user


def test_plan_pages_have_no_axe_violations(browser, live_server, trajectory):
    plan = plan_with_actions(trajectory, topics=2, actions=2)
    services.action_plan_publish(plan=plan, published_by=None)
    action = plan.plan_topics.first().actions.first()
    services.action_update(action=action, expected_version=1, status="done")
    services.progress_note_add(action=action, text="Gedaan", author_name="Gemeente")
    services.action_plan_publish(plan=plan, published_by=None)
    entry = plan.plan_topics.first()
    pk = trajectory.pk
    context = _context_for(browser, live_server, _member(trajectory, "coordinator"))
    page = context.new_page()
    for name, kwargs, query in [
        ("plan", {"pk": pk}, ""),
        ("goal_edit", {"pk": pk, "entry_pk": entry.pk}, ""),
        ("action_add", {"pk": pk, "entry_pk": entry.pk}, ""),
        ("action_edit", {"pk": pk, "action_pk": action.pk}, ""),
        ("versions", {"pk": pk}, ""),
        ("version_detail", {"pk": pk, "number": 2}, ""),
        ("version_diff", {"pk": pk}, "?van=1&naar=2"),
        ("progress", {"pk": pk}, ""),
        ("owners", {"pk": pk}, ""),
    ]:
        page.goto(
            live_server.url + reverse(f"actionplans:{name}", kwargs=kwargs) + query
        )
        assert_no_axe_violations(page, name)
    context.close()

    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)
    action.owner_email = "a@b.nl"
    action.save()
    page = browser.new_page()
    page.goto(
        live_server.url
        + reverse("actionplans:owner_home", kwargs={"token": invite.token})
    )
    assert_no_axe_violations(page, "owner_home")
    page.close()

    staff = _context_for(browser, live_server, UserFactory(is_staff=True))
    page = staff.new_page()
    page.goto(live_server.url + reverse("actionplans:national"))
    assert_no_axe_violations(page, "national")
    staff.close()


def test_two_people_edit_one_goal_and_a_beleidsmaker_downloads_the_pdf(
    browser, live_server, trajectory, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    entry = plan.plan_topics.get()
    url = live_server.url + reverse(
        "actionplans:goal_edit", kwargs={"pk": trajectory.pk, "entry_pk": entry.pk}
    )
    anna = _context_for(browser, live_server, _member(trajectory, "coordinator"))
    bram = _context_for(browser, live_server, _member(trajectory, "coordinator"))
    anna_page, bram_page = anna.new_page(), bram.new_page()
    anna_page.goto(url)
    bram_page.goto(url)

    anna_page.get_by_label("Wat willen we bereiken").fill("Tekst van Anna")
    anna_page.get_by_role("button", name="Opslaan").click()
    bram_page.get_by_label("Wat willen we bereiken").fill("Tekst van Bram")
    bram_page.get_by_role("button", name="Opslaan").click()

    alert = bram_page.get_by_role("alert")
    assert "Tekst van Anna" in alert.inner_text()
    assert (
        bram_page.get_by_label("Wat willen we bereiken").input_value()
        == "Tekst van Bram"
    )
    bram_page.get_by_label("Wat willen we bereiken").fill("Anna en Bram samen")
    bram_page.get_by_role("button", name="Opslaan").click()
    entry.refresh_from_db()
    assert entry.goal == "Anna en Bram samen"
    anna.close()
    bram.close()

    scenario = published_plan(
        trajectory.__class__.objects.create(
            region=trajectory.region, name="Tweede traject"
        )
    )
    plan_version_render_pdf(version_id=scenario.version.pk)
    policy = _context_for(
        browser, live_server, _member(scenario.plan.trajectory, "beleidsmaker")
    )
    page = policy.new_page()
    page.goto(live_server.url + scenario.plan.trajectory.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Verbeteragenda downloaden (PDF)").click()
    path = download_info.value.path()
    assert path.read_bytes()[:5] == b"%PDF-"
    policy.close()


def test_two_people_edit_one_action_and_the_second_merges_their_text(
    browser, live_server, trajectory
):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    action = plan.plan_topics.get().actions.get()
    url = live_server.url + reverse(
        "actionplans:action_edit",
        kwargs={"pk": trajectory.pk, "action_pk": action.pk},
    )
    anna = _context_for(browser, live_server, _member(trajectory, "coordinator"))
    bram = _context_for(browser, live_server, _member(trajectory, "coordinator"))
    anna_page, bram_page = anna.new_page(), bram.new_page()
    anna_page.goto(url)
    bram_page.goto(url)

    anna_page.get_by_label("Hoe: wat gaan we doen").fill("Spreekuur elke week")
    anna_page.get_by_role("button", name="Opslaan").click()
    anna_page.wait_for_url("**/actieplan/**")
    bram_page.get_by_label("Hoe: wat gaan we doen").fill("Spreekuur in het buurthuis")
    bram_page.get_by_label("Middelen").fill("Twee uur per week")
    bram_page.get_by_role("button", name="Opslaan").click()

    alert = bram_page.get_by_role("alert")
    assert "Iemand anders heeft deze actie net opgeslagen" in alert.inner_text()
    assert "Spreekuur elke week" in alert.inner_text()
    # Bram's own text is still in the form, to merge.
    how = bram_page.get_by_label("Hoe: wat gaan we doen")
    assert how.input_value() == "Spreekuur in het buurthuis"
    assert bram_page.get_by_label("Middelen").input_value() == "Twee uur per week"
    assert_no_axe_violations(bram_page, "action conflict")
    how.fill("Spreekuur elke week in het buurthuis")
    bram_page.get_by_role("button", name="Opslaan").click()
    bram_page.wait_for_url("**/actieplan/#actie-*")

    action.refresh_from_db()
    assert action.how == "Spreekuur elke week in het buurthuis"
    assert action.resources == "Twee uur per week"
    assert action.version == 3
    anna.close()
    bram.close()


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_vote_comparison_and_revoked_link_pages_pass_axe_and_fit_a_phone(
    browser, live_server, trajectory
):
    from sessions_app.models import VotingRound
    from sessions_app.voting.services import round_set_per_role
    from tests.regions.factories import TrajectoryFactory

    scenario = published_plan(trajectory, topics=2, actions_per_topic=1)
    round_set_per_role(
        voting_round=VotingRound.objects.get(trajectory=trajectory), show=True
    )
    for _ in range(3):
        other = plan_with_actions(TrajectoryFactory(), topics=1, actions=2)
        services.action_plan_publish(plan=other, published_by=None)
    invite = services.owner_link_create(
        plan=scenario.plan, email="eigenaar@nijmegen.nl", send_mail=False
    )
    services.owner_link_revoke(link=invite.link)
    context = _context_for(browser, live_server, _member(trajectory, "beleidsmaker"))
    page = context.new_page()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        for name, kwargs, expect_text in [
            ("plan", {"pk": trajectory.pk}, "Stemmen"),
            ("progress", {"pk": trajectory.pk}, "Gemiddeld in andere regio"),
            ("owner_home", {"token": invite.token}, "Deze link werkt niet meer"),
        ]:
            page.goto(live_server.url + reverse(f"actionplans:{name}", kwargs=kwargs))
            assert expect_text in page.content(), name
            assert _overflow(page) <= 0, f"{name} at {width}px"
            assert_no_axe_violations(page, f"{name} at {width}px")
    page.goto(
        live_server.url + reverse("actionplans:plan", kwargs={"pk": trajectory.pk})
    )
    assert page.locator("#uitslag-per-rol").is_visible()
    context.close()
