"""A published action plan for the demo and the benchmark.

Goes through the real services: the vote confirms the topics, the plan gets
goals and actions, is published, changes, and is published again. Running it
twice leaves the plan as the first run made it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import PlanVersion
from regions.models import Trajectory
from sessions_app.models import VotingRound
from sessions_app.voting import services as voting

# (title, survey theme)
TOPICS = [
    ("Pleegouders weten wie ze kunnen bellen", "begeleiding_pleegouders"),
    ("Sneller een passend pleeggezin", "werving_matching"),
    ("De stem van het pleegkind in elk gesprek", "stem_pleegkind"),
    ("Goede samenwerking met de ouders", "samenwerking_ouders"),
    ("Na je achttiende niet alleen", "achttien_plus"),
]
ORGANISATIONS = [
    (
        "Gemeente Nijmegen",
        "Beleidsadviseur jeugd",
        "jeugd@nijmegen.demo.goedgesprek.nl",
    ),
    (
        "Pleegzorg Gelderland",
        "Teamleider pleegzorg",
        "team@pleegzorg.demo.goedgesprek.nl",
    ),
    ("Gemeente Wijchen", "Wethouder jeugd", ""),
    ("Jeugdbescherming Gelderland", "Regiomanager", ""),
    ("Pleegoudervereniging", "Voorzitter", "bestuur@pov.demo.goedgesprek.nl"),
    ("Regio Rijk van Nijmegen", "Regiocoördinator jeugd", ""),
]
ACTIONS = [
    "Eén vast telefoonnummer voor pleegouders, ook 's avonds",
    "Maandelijks spreekuur in elke gemeente",
    "Korte lijnen tussen begeleider en gedragswetenschapper",
    "Kennismakingsgesprek binnen twee weken na aanmelding",
    "Jaarlijks overleg over wachttijden met alle aanbieders",
    "Een vaste vertrouwenspersoon voor elk pleegkind",
]
OWNER_EMAIL = "jeugd@nijmegen.demo.goedgesprek.nl"


def _confirmed_topics(trajectory: Trajectory, count: int) -> list:
    voting_round = (
        VotingRound.objects.filter(trajectory=trajectory, confirmed_at__isnull=False)
        .order_by("-confirmed_at")
        .first()
    )
    if voting_round is not None:
        return list(voting_round.chosen_topics.all())
    topics = [
        voting.topic_create(trajectory=trajectory, title=title, theme_key=theme)
        for title, theme in (TOPICS * 2)[:count]
    ]
    voting_round = voting.round_open(
        trajectory=trajectory, topic_ids=[t.pk for t in topics]
    )
    if count > voting_round.chosen_max:
        VotingRound.objects.filter(pk=voting_round.pk).update(chosen_max=count)
        voting_round.refresh_from_db()
    roles = ["pleegouder"] * 8 + ["professional"] * 6 + ["beleidsmaker"] * 3
    for index, role in enumerate(roles):
        first = topics[index % len(topics)]
        second = topics[(index + 1) % len(topics)]
        voting.paper_ballot_add(
            voting_round=voting_round, votes={first.pk: 2, second.pk: 1}, role=role
        )
    voting.round_close(voting_round=voting_round)
    voting.round_confirm(voting_round=voting_round, topic_ids=[t.pk for t in topics])
    return topics


def seed_plan(
    *,
    trajectory: Trajectory,
    coordinator=None,
    topics: int = 5,
    actions: int = 30,
    second_version: bool = True,
) -> ActionPlan:
    """The trajectory's plan, published (twice), with owners' updates."""
    existing = ActionPlan.objects.filter(trajectory=trajectory).first()
    if existing is not None and existing.versions.exists():
        return existing
    today = timezone.localdate()
    chosen = _confirmed_topics(trajectory, topics)
    plan = plan_services.action_plan_get_or_create(trajectory=trajectory, topics=chosen)
    entries = list(plan.plan_topics.select_related("topic").order_by("position", "pk"))
    for entry in entries:
        plan_services.plan_topic_update_goal(
            plan_topic=entry,
            goal=f"Over een jaar zeggen pleegouders en pleegkinderen: "
            f"'{entry.topic.title.lower()}' is gelukt.",
            expected_version=entry.version,
        )
    for number in range(actions):
        entry = entries[number % len(entries)]
        organisation, contact, email = ORGANISATIONS[number % len(ORGANISATIONS)]
        # The first action is overdue: its deadline passed, nobody finished it.
        deadline = (
            today - dt.timedelta(days=10)
            if number == 0
            else today + dt.timedelta(days=30 * (1 + number % 9))
        )
        plan_services.action_create(
            plan_topic=entry,
            how=f"{ACTIONS[number % len(ACTIONS)]} ({number + 1})",
            owner_organisation=organisation,
            owner_contact=contact,
            owner_email=OWNER_EMAIL if number == 0 else email,
            other_parties="Pleegoudervereniging" if number % 3 == 0 else "",
            deadline=deadline,
            resources="Uren van de begeleiders" if number % 2 else "",
            success_measure="Pleegouders geven een 8 of hoger in de volgende vragenlijst",
        )
    plan_services.action_plan_publish(plan=plan, published_by=coordinator)
    if second_version:
        done = Action.objects.filter(plan_topic__plan=plan).order_by("pk")[1]
        plan_services.progress_note_add(
            action=done,
            text="Het spreekuur draait in alle gemeenten.",
            author_name="Gemeente Nijmegen",
            status=Action.Status.DONE,
        )
        invite = plan_services.owner_link_create(
            plan=plan, email=OWNER_EMAIL, name="Beleidsadviseur jeugd", send_mail=False
        )
        owned = Action.objects.filter(plan_topic__plan=plan, owner_email=OWNER_EMAIL)
        for action in owned[1:3]:
            plan_services.progress_note_add(
                action=action,
                text="Eerste gesprekken gevoerd; we liggen op schema.",
                author_name=invite.link.name,
                status=Action.Status.IN_PROGRESS,
            )
        plan_services.action_plan_publish(plan=plan, published_by=coordinator)
    return plan


def latest_version(plan: ActionPlan) -> PlanVersion:
    return plan.versions.order_by("-number").first()  # type: ignore[return-value]
