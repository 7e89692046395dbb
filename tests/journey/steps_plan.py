"""Phase 5: the action plan. Two people edit one goal at once, an action gets
an owner, the plan is published, the worker renders the PDF, a beleidsmaker
downloads it and reads it back, and the owner reports through their link."""

import io
import re
import time

from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import PlanVersion

from .journey import Journey

GOAL = "Pleegouders weten binnen een dag wie ze kunnen bellen."
ACTION = "Spreekuur voor pleegouders in elke gemeente"
OWNER = "eigenaar@nijmegen.nl"
PDF_TIMEOUT = 180


def plan_is_started(j: Journey, page, trajectory) -> ActionPlan:
    plan_url = reverse("actionplans:plan", kwargs={"pk": trajectory.pk})
    j.visit(page, plan_url, variant="empty")
    page.locator("form[action$='/actieplan/beginnen/'] button").click()
    page.wait_for_url(j.url(plan_url))
    j.check(page)
    return ActionPlan.objects.get(trajectory=trajectory)


def two_people_edit_one_goal(j: Journey, first_page, second_page, plan):
    entry = plan.plan_topics.order_by("position", "pk").first()
    url = reverse(
        "actionplans:goal_edit", kwargs={"pk": plan.trajectory_id, "entry_pk": entry.pk}
    )
    j.visit(first_page, url)
    j.visit(second_page, url)
    first_page.locator("textarea[name=goal]").fill("Iedereen weet wie ze bellen.")
    first_page.locator("main form:not([action]) button").first.click()
    first_page.wait_for_url("**/actieplan/**")
    second_page.locator("textarea[name=goal]").fill(GOAL)
    second_page.locator("main form:not([action]) button").first.click()
    alert = second_page.get_by_role("alert")
    assert "Iedereen weet wie ze bellen." in alert.inner_text()
    j.check(second_page, variant="conflict")
    assert second_page.locator("textarea[name=goal]").input_value() == GOAL
    second_page.locator("main form:not([action]) button").first.click()
    second_page.wait_for_url("**/actieplan/**")
    entry.refresh_from_db()
    assert entry.goal == GOAL
    return entry


def an_action_gets_an_owner(j: Journey, page, plan, entry) -> Action:
    add = reverse(
        "actionplans:action_add",
        kwargs={"pk": plan.trajectory_id, "entry_pk": entry.pk},
    )
    j.visit(page, add)
    page.locator("[name=how]").fill(ACTION)
    page.locator("[name=owner_organisation]").fill("Gemeente Nijmegen")
    page.locator("[name=owner_contact]").fill("Beleidsadviseur jeugd")
    page.locator("[name=owner_email]").fill(OWNER)
    page.locator("[name=deadline]").fill("2027-06-01")
    page.locator("main form:not([action]) button").first.click()
    page.wait_for_url("**/actieplan/**")
    return Action.objects.get(plan_topic=entry, how=ACTION)


def plan_is_published(j: Journey, page, plan) -> PlanVersion:
    j.visit(page, reverse("actionplans:plan", kwargs={"pk": plan.trajectory_id}))
    with page.expect_navigation():
        page.locator("form[action$='/actieplan/publiceren/'] button").click()
    j.check(page, variant="published")
    return PlanVersion.objects.get(plan=plan, number=1)


def beleidsmaker_downloads_the_pdf(j: Journey, page, version, topic_titles):
    """The worker renders it; the trajectory page offers it once it is ready."""
    trajectory = version.plan.trajectory
    deadline = time.monotonic() + PDF_TIMEOUT
    j.visit(page, trajectory.get_absolute_url(), variant=trajectory.phase)
    download = reverse(
        "actionplans:pdf_download", kwargs={"pk": trajectory.pk, "number": 1}
    )
    link = page.locator(f"main a[href='{download}']")
    while not link.count():
        assert time.monotonic() < deadline, "the worker did not render the PDF"
        time.sleep(1)
        page.reload()
    j.check(page, variant="pdf ready")
    with page.expect_download() as download_info:
        link.first.click()
    data = download_info.value.path().read_bytes()
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) >= 3
    assert trajectory.name in text
    assert GOAL in text
    assert ACTION in text
    for title in topic_titles:
        assert " ".join(title.split()) in text, title
    return reader


def owner_reports_through_their_link(j: Journey, page, plan, action):
    owners = reverse("actionplans:owners", kwargs={"pk": plan.trajectory_id})
    j.visit(page, owners)
    page.locator("main form [name=email]").fill(OWNER)
    with page.expect_navigation():
        page.locator("main form:not([action]) button").first.click()
    j.check(page, variant="invited")
    (message,) = [m for m in mail.outbox if OWNER in m.to]
    path = re.search(r"https?://[^/\s]+(/actie/[^/\s]+/)", str(message.body))
    assert path, message.body
    phone = j.page(phone=True)
    j.visit(phone, path.group(1))
    phone.locator(f"#text-{action.pk}").fill("Eerste spreekuur gehouden in Wijchen.")
    phone.locator(f"#status-{action.pk}").select_option("in_progress")
    with phone.expect_navigation():
        phone.locator(f"form[action$='/{action.pk}/'] button").click()
    j.check(phone, variant="saved")
    action.refresh_from_db()
    assert action.status == "in_progress", phone.locator("main").inner_text()
    assert action.notes.get().text == "Eerste spreekuur gehouden in Wijchen."
    phone.context.close()
