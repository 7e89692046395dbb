"""A whole trajectory up to a published plan: survey, quotes, vote, actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from actionplans import services
from actionplans.models import ActionPlan
from actionplans.models import PlanVersion
from sessions_app.voting import services as voting
from tests.regions.factories import MunicipalityFactory
from tests.sessions_app.factories import round_with_topics
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for
from tests.surveys.test_review_helpers import add_open_answer
from tests.surveys.test_review_helpers import set_review

APPROVED_QUOTE = "De begeleider belt altijd terug binnen een dag."
UNREVIEWED_QUOTE = "Niet-bekeken tekst over begeleider Jansen."
UNSAFE_QUOTE = "Goedgekeurd maar onveilig: ik word opgesloten."


@dataclass
class Scenario:
    plan: ActionPlan
    version: PlanVersion
    topic_titles: list[str]
    action_texts: list[str]


def published_plan(
    trajectory,
    *,
    topics: int = 3,
    actions_per_topic: int = 2,
    quotes: int = 1,
    small_role_count: int = 3,
    coordinator=None,
) -> Scenario:
    """Build everything the PDF shows and publish version 1."""
    MunicipalityFactory(region=trajectory.region, name="Nijmegen")
    trajectory.municipalities.add(
        MunicipalityFactory(region=trajectory.region, name="Wijchen")
    )
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 12, [4, 5, 3])
    answer(questionnaire, "professional", 8, [2, 3])
    # A small group: its number must never appear.
    answer(questionnaire, "ouder", small_role_count, [1])
    for index in range(quotes):
        text = APPROVED_QUOTE if index == 0 else f"Goedgekeurd citaat nummer {index}."
        set_review(add_open_answer(questionnaire, text), status="approved")
    set_review(add_open_answer(questionnaire, UNREVIEWED_QUOTE))
    set_review(
        add_open_answer(questionnaire, UNSAFE_QUOTE), status="approved", unsafe=True
    )

    voting_round, chosen = round_with_topics(trajectory, count=topics)
    if topics > voting_round.chosen_max:
        voting_round.chosen_max = topics
        voting_round.save(update_fields=["chosen_max"])
    for index, topic in enumerate(chosen):
        topic.title = f"Onderwerp {index + 1}: bereikbaarheid begeleiding"
        topic.theme_key = "begeleiding" if index == 0 else ""
        topic.save()
    for _ in range(6):
        voting.paper_ballot_add(
            voting_round=voting_round,
            votes={chosen[0].pk: 2, chosen[-1].pk: 1},
            role="pleegouder",
        )
    voting.round_close(voting_round=voting_round)
    voting.round_confirm(voting_round=voting_round, topic_ids=[t.pk for t in chosen])

    plan = services.action_plan_get_or_create(trajectory=trajectory, topics=chosen)
    action_texts = []
    for t_index, entry in enumerate(plan.plan_topics.select_related("topic")):
        services.plan_topic_update_goal(
            plan_topic=entry,
            goal=f"Doel {t_index + 1}: pleegouders weten wie ze kunnen bellen.",
            expected_version=entry.version,
        )
        for a_index in range(actions_per_topic):
            text = f"Actie {t_index + 1}.{a_index + 1}: spreekuur in elke gemeente"
            services.action_create(
                plan_topic=entry,
                how=text,
                owner_organisation="Gemeente Nijmegen",
                owner_contact="Beleidsadviseur jeugd",
                owner_email="eigenaar@nijmegen.nl",
                deadline=dt.date(2027, 3, 1),
            )
            action_texts.append(text)
    version = services.action_plan_publish(plan=plan, published_by=coordinator).version
    return Scenario(plan, version, [t.title for t in chosen], action_texts)
