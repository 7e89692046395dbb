"""Phase 3: the facilitator reviews quotes and presents the results; a meeting
is planned, people are invited by the worker's e-mail and answer on a phone."""

import re
import time
from email import message_from_string
from pathlib import Path

from django.urls import reverse

from regions.models import Trajectory
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from surveys.models import OpenAnswerReview

from . import steps_setup
from .journey import Journey

INVITED = ["anna@example.org", "bram@example.org", "sam@example.org"]
MAIL_TIMEOUT = 120


def facilitator_reviews_quotes(j: Journey, page, trajectory, *, approve: int = 3):
    review = reverse("surveys:open_answer_review", kwargs={"pk": trajectory.pk})
    j.visit(page, review + "?toon=alles")
    answers = page.locator("main li[id^=antwoord-]")
    for index in range(approve):
        with page.expect_navigation():
            answers.nth(index).locator("button[name=action][value=approve]").click()
    j.check(page, variant="after")
    approved = OpenAnswerReview.objects.filter(
        answer__response__questionnaire__trajectory=trajectory, status="approved"
    )
    assert approved.count() == approve
    j.visit(page, reverse("surveys:quotes", kwargs={"pk": trajectory.pk}))
    for review_row in approved.select_related("answer"):
        assert review_row.answer.text in page.locator("main").inner_text()


def facilitator_presents_results(j: Journey, page, trajectory):
    j.visit(page, reverse("surveys:results", kwargs={"pk": trajectory.pk}))
    main = page.locator("main")
    assert main.locator("table").count() >= 1, main.inner_text()[:1500]
    presentation = reverse("surveys:results_presentation", kwargs={"pk": trajectory.pk})
    page.locator(f"main a[href='{presentation}']").first.click()
    page.wait_for_url(j.url(presentation))
    j.check(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"\?dia=2$"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"\?dia=3$"))
    j.check(page, variant="theme slide")


def meeting_is_planned(j: Journey, page, trajectory) -> Meeting:
    meetings = reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk})
    j.visit(page, meetings)
    create = page.locator("form[action$='/bijeenkomsten/nieuw/']")
    create.locator("[name=title]").fill("Onderwerpkeuze")
    create.locator("[name=kind]").select_option("onderwerpkeuze")
    create.locator("button[type=submit]").click()
    page.wait_for_url(j.url(meetings))
    meeting = Meeting.objects.get(trajectory=trajectory, title="Onderwerpkeuze")
    update = reverse(
        "meetings:meeting_update",
        kwargs={"pk": trajectory.pk, "meeting_pk": meeting.pk},
    )
    page.locator(f"main a[href='{update}']").click()
    page.wait_for_url(j.url(update))
    j.check(page)
    page.locator("#id_date").fill("2027-01-20")
    page.locator("#id_start_time").fill("19:00")
    page.locator("#id_end_time").fill("21:30")
    page.locator("#id_location").fill("Wijkcentrum De Ster, Nijmegen")
    page.locator("button[name=submit]").click()
    page.wait_for_url(j.url(meeting.get_absolute_url()))
    j.check(page)
    meeting.refresh_from_db()
    assert meeting.starts_at is not None
    return meeting


def _rsvp_links(mail_dir: Path, count: int) -> dict[str, str]:
    deadline = time.monotonic() + MAIL_TIMEOUT
    links: dict[str, str] = {}
    while time.monotonic() < deadline:
        links = {}
        # The file backend may write several messages into one file.
        texts = [path.read_text() for path in mail_dir.iterdir()]
        for text in "\n".join(texts).split("-" * 79):
            message = message_from_string(text.strip())
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    payload = part.get_payload(decode=True)
                    assert isinstance(payload, bytes)
                    body = payload.decode()
                    found = re.search(r"https?://[^/\s]+(/uitnodiging/[^/\s]+/)", body)
                    if found:
                        links[message["To"]] = found.group(1)
        if len(links) >= count:
            return links
        time.sleep(0.5)
    raise AssertionError(f"the worker sent {len(links)} of {count} invitations")


def people_are_invited_and_answer(j: Journey, page, meeting, mail_dir: Path):
    invitees = reverse(
        "meetings:invitee_list",
        kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk},
    )
    j.visit(page, invitees)
    paste = page.locator("form:has(input[name=form][value=paste])")
    paste.locator("textarea").fill("\n".join(INVITED))
    paste.locator("select").select_option("pleegouder")
    paste.locator("button[type=submit]").click()
    page.wait_for_url(j.url(invitees))
    assert meeting.invitees.count() == len(INVITED)
    send = page.locator("form[action$='/uitnodigingen-versturen/'] button")
    with page.expect_navigation():
        send.click()
    j.check(page, variant="sent")
    links = _rsvp_links(mail_dir, len(INVITED))
    answers = ["yes", "yes", "no"]
    for (email, link), answer in zip(sorted(links.items()), answers, strict=True):
        phone = j.page(phone=True)
        phone.goto(j.url(link))
        j.switch_language(phone)
        j.check(phone)
        phone.locator(f"input[name=response][value={answer}]").check()
        if answer == "yes" and email.startswith("anna"):
            phone.locator("input[name=needs_childcare]").check()
        with phone.expect_navigation():
            phone.locator("main form button[type=submit]").click()
        j.check(phone, variant="answered")
        phone.context.close()
    responses = dict(meeting.invitees.values_list("email", "response"))
    assert responses == dict(zip(INVITED, answers, strict=True))
    assert Invitee.objects.get(email=INVITED[0]).needs_childcare


def meetings_phase(j: Journey, page, trajectory) -> None:
    steps_setup.next_phase(j, page, trajectory, Trajectory.Phase.BIJEENKOMSTEN)
