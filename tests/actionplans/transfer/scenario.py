"""A trajectory with a row in every exported model, and what its pages show."""

# mypy: disable-error-code="arg-type,attr-defined,misc,union-attr"

from __future__ import annotations

import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans import services
from actionplans.models import OverdueReminder
from actionplans.pdf.service import plan_version_render_pdf
from actionplans.transfer.spec import SECTIONS
from regions.models import Trajectory
from sessions_app.meetings.models import AgendaItem
from sessions_app.voting import services as voting
from sessions_app.voting.models import VotingRound
from sessions_app.voting.selectors import chosen_topics
from sessions_app.voting.selectors import per_role_rankings
from sessions_app.voting.selectors import ranking
from sessions_app.voting.selectors import round_tally
from sessions_app.voting.selectors import round_topics
from tests.actionplans.scenario import published_plan
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory
from tests.sessions_app.factories import TopicFactory

OWNER_EMAIL = "eigenaar@nijmegen.nl"
INVITEE_EMAIL = "genodigde-export@example.org"


def full_trajectory(trajectory: Trajectory, *, coordinator=None) -> Trajectory:
    """Everything a trajectory can hold, one row or more per exported model."""
    trajectory.facilitators.add(coordinator) if coordinator else None
    scenario = published_plan(trajectory, coordinator=coordinator)
    first_round = VotingRound.objects.get(trajectory=trajectory)
    topics = round_topics(first_round)
    extra = TopicFactory(trajectory=trajectory, title="Dubbel onderwerp")
    voting.topic_merge(source=extra, target=topics[1])
    second = voting.round_open_second(voting_round=first_round, top=2)
    for role in ("professional", "pleegouder", ""):
        voting.paper_ballot_add(
            voting_round=second, votes={second.topic_ids[0]: 1}, role=role
        )
    meeting = MeetingFactory(
        trajectory=trajectory,
        title="Onderwerpkeuze",
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=2),
    )
    if coordinator:
        meeting.facilitators.add(coordinator)
    AgendaItem.objects.create(meeting=meeting, starts_at=dt.time(19, 0), title="Welkom")
    for index in range(6):
        InviteeFactory(
            meeting=meeting,
            email=INVITEE_EMAIL if index == 0 else f"genodigde{index}@example.org",
            attended=index < 5,
        )
    action = scenario.plan.plan_topics.order_by("pk").first().actions.first()
    services.progress_note_add(
        action=action, text="Eerste spreekuur gehouden.", author_name="Carla de Boer"
    )
    services.owner_link_create(plan=scenario.plan, email=OWNER_EMAIL, send_mail=False)
    OverdueReminder.objects.create(action=action, sent_at=timezone.now())
    return trajectory


def row_counts() -> dict[str, int]:
    counts = {s.name: s.model._default_manager.count() for s in SECTIONS}
    counts["municipality links"] = Trajectory.municipalities.through.objects.count()
    counts["chosen links"] = VotingRound.chosen_topics.through.objects.count()
    return counts


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def pdf_text(trajectory: Trajectory) -> str:
    version = trajectory.action_plan.versions.order_by("-number").first()
    plan_version_render_pdf(version_id=version.pk)
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def vote_results(trajectory: Trajectory) -> list:
    results = []
    for voting_round in VotingRound.objects.filter(trajectory=trajectory).order_by(
        "created_at"
    ):
        tally = round_tally(voting_round, cached=False)
        results.append(
            {
                "status": voting_round.status,
                "parent": voting_round.parent.status if voting_round.parent else None,
                "voters": tally.voters,
                "paper": tally.paper_voters,
                "ranking": [
                    (r.rank, r.topic.title, r.votes, r.paper_votes, r.tied)
                    for r in ranking(voting_round, tally)
                ],
                "per_role": [
                    (
                        r.role,
                        r.voters,
                        [(row.rank, row.topic.title, row.votes) for row in r.rows]
                        if r.rows is not None
                        else None,
                    )
                    for r in per_role_rankings(voting_round, tally)
                ],
                "chosen": sorted(t.title for t in voting_round.chosen_topics.all()),
            }
        )
    return [results, [t.title for t in chosen_topics(trajectory=trajectory)]]


def observe(client, trajectory: Trajectory) -> dict:
    """What people see of the trajectory: results, votes, plan page and PDF."""
    return {
        "results": page_text(
            client, reverse("surveys:results", kwargs={"pk": trajectory.pk})
        ),
        "votes": vote_results(trajectory),
        "plan": page_text(
            client, reverse("actionplans:plan", kwargs={"pk": trajectory.pk})
        ),
        "pdf": pdf_text(trajectory),
    }
