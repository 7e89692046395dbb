"""A region compares its plan's progress with the rest of the country."""

import datetime as dt

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.models import Action
from actionplans.selectors.comparison import MIN_OTHER_PLANS
from actionplans.selectors.comparison import national_comparison
from actionplans.selectors.followup import progress_overview
from tests.actionplans.factories import plan_with_actions
from tests.regions.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def _other_plan(done: int, planned: int):
    """A published plan elsewhere with ``done`` and ``planned`` actions."""
    trajectory = TrajectoryFactory()
    plan = plan_with_actions(trajectory, topics=1, actions=done + planned)
    Action.objects.filter(
        pk__in=list(
            Action.objects.filter(plan_topic__plan=plan).values_list("pk", flat=True)[
                :done
            ]
        )
    ).update(status=Action.Status.DONE)
    services.action_plan_publish(plan=plan, published_by=None)
    return trajectory


def _progress(client, trajectory):
    return client.get(reverse("actionplans:progress", kwargs={"pk": trajectory.pk}))


def test_beleidsmaker_sees_their_progress_beside_the_other_regions_average(
    client_for, trajectory
):
    plan = plan_with_actions(trajectory, topics=1, actions=4)
    Action.objects.filter(
        pk=Action.objects.filter(plan_topic__plan=plan).first().pk
    ).update(status=Action.Status.DONE)
    # Done shares of the others: 100%, 50%, 0%: each plan counts once, 50%.
    others = [_other_plan(1, 0), _other_plan(2, 2), _other_plan(0, 10)]

    response = _progress(client_for("beleidsmaker"), trajectory)

    comparison = response.context["comparison"]
    assert comparison.shown
    assert comparison.other_plans == 3
    done = comparison.rows[0]
    assert (done.own, done.national) == (25, 50)
    assert comparison.national_actions == 5  # (1 + 4 + 10) / 3
    page = response.content.decode()
    assert "Gemiddeld in andere regio" in page
    for other in others:
        assert other.region.name not in page
        assert other.name not in page


def test_too_few_other_plans_show_no_average(client_for, trajectory):
    plan_with_actions(trajectory, topics=1, actions=2)
    for _ in range(MIN_OTHER_PLANS - 1):
        _other_plan(1, 1)

    response = _progress(client_for("coordinator"), trajectory)

    assert not response.context["comparison"].shown
    assert "te weinig andere gepubliceerde plannen" in response.content.decode()


def test_draft_plans_elsewhere_do_not_count(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=2)
    for _ in range(3):
        plan_with_actions(TrajectoryFactory(), topics=1, actions=2)  # drafts

    comparison = national_comparison(plan=plan, overview=progress_overview(plan=plan))

    assert comparison.other_plans == 0


def test_overdue_share_is_compared_too(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=2)
    Action.objects.filter(plan_topic__plan=plan).update(deadline=dt.date(2020, 1, 1))
    for _ in range(3):
        _other_plan(0, 2)
    today = dt.date(2027, 1, 1)

    comparison = national_comparison(
        plan=plan, overview=progress_overview(plan=plan, today=today), today=today
    )

    overdue = comparison.rows[-1]
    assert (overdue.own, overdue.national) == (100, 0)


@pytest.mark.parametrize("others", [3, 9])
def test_comparison_is_one_query_at_any_number_of_plans(
    trajectory, others, django_assert_num_queries
):
    plan = plan_with_actions(trajectory, topics=1, actions=2)
    for _ in range(others):
        _other_plan(1, 2)
    overview = progress_overview(plan=plan)

    with django_assert_num_queries(1):
        comparison = national_comparison(plan=plan, overview=overview)

    assert comparison.other_plans == others
