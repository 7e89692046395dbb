import factory

from sessions_app.voting.models import Topic
from sessions_app.voting.models import VotingRound
from tests.regions.factories import TrajectoryFactory


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
        trajectory=trajectory, topic_ids=[t.pk for t in topics], **kwargs
    )
    return voting_round, topics
