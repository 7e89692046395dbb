import datetime as dt

import factory

from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import PlanTopic
from tests.regions.factories import TrajectoryFactory
from tests.sessions_app.factories import TopicFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    trajectory = factory.SubFactory(TrajectoryFactory)


class PlanTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTopic

    plan = factory.SubFactory(ActionPlanFactory)
    topic = factory.LazyAttribute(lambda o: TopicFactory(trajectory=o.plan.trajectory))
    goal = factory.Sequence(lambda n: f"Doel {n}: pleegouders voelen zich gehoord")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan_topic = factory.SubFactory(PlanTopicFactory)
    how = factory.Sequence(lambda n: f"Actie {n}: maandelijks spreekuur")
    owner_organisation = factory.Sequence(lambda n: f"Gemeente {n}")
    owner_contact = "Beleidsadviseur jeugd"
    deadline = factory.LazyFunction(lambda: dt.date(2028, 6, 1))


def plan_with_actions(trajectory, *, topics=2, actions=3) -> ActionPlan:
    """A plan of ``trajectory`` with ``topics`` entries of ``actions`` each."""
    plan = ActionPlanFactory(trajectory=trajectory)
    for index in range(topics):
        entry = PlanTopicFactory(plan=plan, position=index)
        for _ in range(actions):
            ActionFactory(plan_topic=entry)
    return plan  # type: ignore[return-value]
