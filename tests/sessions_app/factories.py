import datetime as dt

import factory
from django.utils import timezone

from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
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
