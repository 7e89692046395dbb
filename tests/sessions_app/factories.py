import datetime as dt

import factory
from django.utils import timezone

from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from sessions_app.voting.models import Topic
from sessions_app.voting.models import VotingRound
from tests.regions.factories import TrajectoryFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    trajectory = factory.SubFactory(TrajectoryFactory)
    kind = Meeting.Kind.ONDERWERPKEUZE
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    position = factory.Sequence(lambda n: n)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=14)).replace(
            second=0, microsecond=0
        )
    )
    location = "Buurthuis De Linde, Nijmegen"


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"genodigde{n}@example.org")
    role = "pleegouder"
    token_nonce = factory.Sequence(lambda n: f"{n:032x}")
    token_hash = factory.LazyAttribute(
        lambda o: Invitee.hash_token(Invitee.token_for_nonce(o.token_nonce))
    )


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    trajectory = factory.SubFactory(TrajectoryFactory)
    title = factory.Sequence(lambda n: f"Onderwerp {n}")


def round_with_topics(trajectory, count=4, **kwargs) -> tuple[VotingRound, list]:
    """An open round on ``count`` new accepted topics of ``trajectory``."""
    from sessions_app.voting.services import round_open

    topics = [TopicFactory(trajectory=trajectory) for _ in range(count)]
    voting_round = round_open(
        trajectory=trajectory,
        topic_ids=[t.pk for t in topics],  # type: ignore[attr-defined]
        **kwargs,
    )
    return voting_round, topics
