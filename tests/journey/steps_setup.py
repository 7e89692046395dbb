"""Phase 1: a coordinator logs in, creates a trajectory in their region and
opens the survey; the team is chosen on the way."""

from django.urls import reverse

from regions.models import Trajectory
from tests.accounts.factories import PASSWORD

from .journey import Journey


def coordinator_logs_in(j: Journey, coordinator):
    page = j.page()
    j.visit(page, reverse("account_login"))
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(j.url(reverse("dashboard")))
    j.check(page)
    return page


def coordinator_creates_trajectory(j: Journey, page, region, *, name: str):
    j.visit(page, reverse("regions:region_detail", kwargs={"code": region.code}))
    create = reverse("regions:trajectory_create", kwargs={"code": region.code})
    page.locator(f"main a[href='{create}']").click()
    page.wait_for_url(j.url(create))
    j.check(page)
    page.get_by_label(j.t("Naam van het traject")).fill(name)
    page.locator("main form input[type=submit]").click()
    page.wait_for_url("**/trajecten/*/")
    trajectory = Trajectory.objects.get(name=name)
    assert trajectory.region == region
    assert page.url == j.url(trajectory.get_absolute_url())
    j.check(page, variant=trajectory.phase)
    return trajectory


def coordinator_chooses_the_team(j: Journey, page, trajectory, facilitator, policy):
    assign = reverse("regions:trajectory_assign", kwargs={"pk": trajectory.pk})
    page.locator(f"main a[href='{assign}']").click()
    page.wait_for_url(j.url(assign))
    j.check(page)
    page.locator("#div_id_facilitators").get_by_label(facilitator.name).check()
    page.locator("#div_id_policy_makers").get_by_label(policy.name).check()
    page.locator("main form input[type=submit]").click()
    page.wait_for_url(j.url(trajectory.get_absolute_url()))
    assert list(trajectory.facilitators.all()) == [facilitator]
    assert list(trajectory.policy_makers.all()) == [policy]


def next_phase(j: Journey, page, trajectory, phase: str) -> None:
    """Press "Volgende fase" on the trajectory page."""
    if page.url != j.url(trajectory.get_absolute_url()):
        j.visit(page, trajectory.get_absolute_url())
    form = page.locator(f"form:has(input[name=phase][value={phase}])").first
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    trajectory.refresh_from_db()
    assert trajectory.phase == phase, page.locator("main").inner_text()[:800]
    j.check(page, variant=phase)


def coordinator_opens_the_survey(j: Journey, page, trajectory) -> str:
    next_phase(j, page, trajectory, Trajectory.Phase.VRAGENLIJST_OPEN)
    links = reverse("surveys:survey_links", kwargs={"pk": trajectory.pk})
    j.visit(page, links)
    public = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    assert public in page.content()
    return public
