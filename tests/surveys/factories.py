import factory
from django.utils import timezone

from surveys.models import Answer
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Response
from surveys.models import Theme
from tests.regions.factories import TrajectoryFactory


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A questionnaire without questions; use the service for the standard copy."""

    class Meta:
        model = Questionnaire
        django_get_or_create = ("trajectory",)

    trajectory = factory.SubFactory(TrajectoryFactory)
    source_version = 1


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    key = factory.Sequence(lambda n: f"thema-{n}")
    title = factory.Sequence(lambda n: f"Thema {n}")
    roles = factory.LazyFunction(list)
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    theme = factory.SubFactory(ThemeFactory)
    key = factory.Sequence(lambda n: f"vraag-{n}")
    kind = Question.Kind.LIKERT
    text = factory.Sequence(lambda n: f"Stelling {n}")
    roles = factory.LazyFunction(list)
    position = factory.Sequence(lambda n: n)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    role = "pleegouder"
    municipality = None
    submitted_on = factory.LazyFunction(timezone.localdate)
    submission_key = factory.Sequence(lambda n: f"{n:064x}")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    number = 3
