import datetime as dt

import factory
from django.utils import timezone

from regions.models import Municipality
from regions.models import Region
from regions.models import RegionMembership
from regions.models import Trajectory


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"JZ{50 + n % 50:02d}")
    name = factory.Sequence(lambda n: f"Testregio {n}")
    reference_year = 2025


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # GM9000-GM9999: never a real CBS code, and never longer than the column
    # allows however many municipalities the whole session creates.
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(RegionFactory)
    reference_year = 2025


class RegionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionMembership

    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    region = factory.SubFactory(RegionFactory)
    role = RegionMembership.Role.COORDINATOR


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Traject {n}")
    format = Trajectory.Format.TRAJECT
    phase = Trajectory.Phase.VOORBEREIDING
    survey_opens_on = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=7)
    )
    survey_closes_on = factory.LazyFunction(
        lambda: timezone.localdate() + dt.timedelta(days=21)
    )

    @factory.post_generation
    def municipalities(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [
                MunicipalityFactory(region=obj.region),
                MunicipalityFactory(region=obj.region),
            ]
        obj.municipalities.set(extracted)
