"""seed_demo fills the demo survey with responses from every role, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from demo.seed import DEMO_TRAJECTORY
from demo.survey_data import DEMO_COUNTS
from demo.survey_data import demo_responses
from regions.models import ParticipantRole
from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import Response
from tests.demo.conftest import seeded_once
from tests.regions.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """What ``seed_demo`` printed, once for the module (see conftest)."""
    with seeded_once(
        django_db_blocker, tmp_path_factory, "--base-url", "https://demo.example.org"
    ) as out:
        yield out


def seed(base_url="https://demo.example.org"):
    out = StringIO()
    call_command("seed_demo", "--base-url", base_url, stdout=out)
    return out.getvalue()


def demo_trajectory():
    return Trajectory.objects.get(name=DEMO_TRAJECTORY)


def test_seeding_twice_keeps_the_same_responses(seeded):
    first = set(Response.objects.values_list("submission_key", flat=True))
    answers = Answer.objects.count()
    seed()
    assert set(Response.objects.values_list("submission_key", flat=True)) == first
    assert Answer.objects.count() == answers
    demo = Response.objects.filter(questionnaire__trajectory=demo_trajectory())
    assert demo.count() == sum(DEMO_COUNTS.values())
    # The previous trajectory and three elsewhere, for the comparisons.
    assert len(first) == 5 * sum(DEMO_COUNTS.values())


def test_demo_has_responses_from_every_role(seeded):
    counts = dict(
        Response.objects.filter(questionnaire__trajectory=demo_trajectory())
        .values_list("role")
        .annotate(n=Count("pk"))
    )
    assert counts == {str(role): number for role, number in DEMO_COUNTS.items()}
    assert set(counts) == set(ParticipantRole.values)


def test_seed_prints_the_absolute_survey_link(seeded):
    output = seed("https://demo.example.org/")
    trajectory = demo_trajectory()
    path = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    assert f"Survey link: https://demo.example.org{path}" in output
    links = reverse("surveys:survey_links", kwargs={"pk": trajectory.pk})
    assert f"https://demo.example.org{links}" in output


def test_demo_answers_look_like_a_real_survey(seeded):
    responses = Response.objects.filter(questionnaire__trajectory=demo_trajectory())
    answers = Answer.objects.filter(response__in=responses)
    assert answers.filter(number=Answer.DONT_KNOW).exists()
    assert answers.filter(number__gte=1, number__lte=5).count() > 1000
    with_text = responses.filter(answers__text__gt="").distinct().count()
    assert 0.2 * responses.count() <= with_text <= 0.5 * responses.count()
    assert responses.filter(municipality__isnull=True).exists()
    assert (
        responses.filter(municipality__isnull=False)
        .values("municipality")
        .distinct()
        .count()
        > 3
    )
    children = responses.filter(role__in=ParticipantRole.child_roles())
    assert not children.filter(age_band="").exists()
    assert (
        not responses.exclude(role__in=ParticipantRole.child_roles())
        .exclude(age_band="")
        .exists()
    )


def test_foster_parents_are_more_critical_about_money_than_professionals(seeded):
    def mean(role, theme):
        numbers = list(
            Answer.objects.filter(
                response__role=role,
                question__theme__key=theme,
                number__gte=1,
            ).values_list("number", flat=True)
        )
        return sum(numbers) / len(numbers)

    assert mean("pleegouder", "financien") < mean("professional", "financien")
    assert mean("pleegouder", "belasting") < 3


def test_same_seed_gives_the_same_answers(region):
    first = TrajectoryFactory(region=region)
    second = TrajectoryFactory(
        region=region, municipalities=list(first.municipalities.all())
    )

    def shape(trajectory):
        demo_responses(trajectory=trajectory, counts={"pleegouder": 6, "pleegkind": 4})
        return [
            (
                r.role,
                r.municipality_id,
                r.age_band,
                sorted((a.question.key, a.number, a.text) for a in r.answers.all()),
            )
            for r in Response.objects.filter(questionnaire__trajectory=trajectory)
            .prefetch_related("answers__question")
            .order_by("submission_key")
        ]

    # Sort by content, since the submission keys include the questionnaire id.
    assert sorted(shape(first), key=repr) == sorted(shape(second), key=repr)


def test_the_demo_shows_reviewed_quotes_a_flag_and_comparisons(seeded):
    from surveys.models import OpenAnswerReview
    from surveys.results.insights import theme_comparisons
    from surveys.results.stats import survey_results
    from surveys.services import questionnaire_get_or_create

    trajectory = demo_trajectory()
    reviews = OpenAnswerReview.objects.filter(
        answer__response__questionnaire__trajectory=trajectory
    )
    statuses = set(reviews.values_list("status", flat=True))
    assert {"approved", "edited", "hidden"} <= statuses
    assert reviews.filter(unsafe=True).count() == 1
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    comparisons = theme_comparisons(
        survey_results(questionnaire=questionnaire), questionnaire=questionnaire
    )
    assert any(c.national is not None for c in comparisons)
    assert any(c.previous is not None for c in comparisons)


def test_each_demo_quote_stands_under_a_role_that_could_have_written_it_once(seeded):
    """Issue #11: the demo looks real, no quote twice, none under the wrong role."""
    from demo.survey_data import OPEN_ANSWERS
    from demo.survey_data import ROLE_TAGS

    writers = {
        text: {ROLE_TAGS[tag] for tag in tags.split()}
        for good, better in OPEN_ANSWERS.values()
        for text, tags in good + better
    }
    texts = list(
        Answer.objects.filter(response__questionnaire__trajectory=demo_trajectory())
        .exclude(text="")
        .values_list("text", "response__role")
    )
    assert len(texts) > 20
    assert len({text for text, _role in texts}) == len(texts)
    for text, role in texts:
        if text in writers:  # the one worrying answer is written in separately
            assert role in writers[text], (text, role)


def test_demo_trajectories_stand_in_the_regions_their_names_say(seeded):
    for trajectory in Trajectory.objects.select_related("region"):
        place = trajectory.name.removeprefix("Het goede gesprek ").removeprefix(
            "Dialoogtafel "
        )
        place = place.rsplit(" 20", 1)[0]
        assert place in trajectory.region.name, (trajectory.name, trajectory.region)
        if trajectory.name.startswith("Dialoogtafel"):
            assert trajectory.format == Trajectory.Format.DIALOOGTAFEL
