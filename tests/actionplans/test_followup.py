import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from actionplans import services
from actionplans.followup import monthly_summaries_send
from actionplans.followup import overdue_reminders_send
from actionplans.models import Action
from actionplans.selectors.followup import progress_overview
from tests.actionplans.factories import ActionFactory
from tests.actionplans.factories import plan_with_actions
from tests.regions.factories import RegionMembershipFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 6, 10, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    services.action_plan_publish(plan=plan, published_by=None)
    return plan


def _overdue(plan, **kwargs):
    return ActionFactory(
        plan_topic=plan.plan_topics.first(),
        deadline=dt.date(2027, 5, 1),
        owner_email="eigenaar@gemeente.nl",
        **kwargs,
    )


def test_overdue_owner_is_mailed_once_a_week_at_most(published):
    _overdue(published)

    first = overdue_reminders_send(now=NOW)
    next_day = overdue_reminders_send(now=NOW + dt.timedelta(days=1))
    next_week = overdue_reminders_send(now=NOW + dt.timedelta(days=7))

    assert (first, next_day, next_week) == (1, 0, 1)
    assert [m.to for m in mail.outbox] == [["eigenaar@gemeente.nl"]] * 2


def _link_in(message) -> str:
    return next(line.strip() for line in message.body.splitlines() if "/actie/" in line)


def test_overdue_reminder_carries_the_owners_link_that_opens_their_page(
    published, client
):
    action = _overdue(published)
    services.owner_link_create(
        plan=published, email="eigenaar@gemeente.nl", send_mail=False
    )

    overdue_reminders_send(now=NOW)

    url = _link_in(mail.outbox[0])
    assert url.startswith("http")
    page = client.get(url)
    assert page.status_code == 200
    assert action.how in page.content.decode()


def test_link_in_an_old_reminder_gives_a_clear_page_once_revoked(published, client):
    _overdue(published)
    invite = services.owner_link_create(
        plan=published, email="eigenaar@gemeente.nl", send_mail=False
    )
    overdue_reminders_send(now=NOW)
    url = _link_in(mail.outbox[0])

    services.owner_link_revoke(link=invite.link)
    page = client.get(url)

    assert page.status_code == 410
    assert "Deze link werkt niet meer" in page.content.decode()


def test_owner_without_an_active_link_is_reminded_without_one(published):
    _overdue(published)
    invite = services.owner_link_create(
        plan=published, email="eigenaar@gemeente.nl", send_mail=False
    )
    services.owner_link_revoke(link=invite.link)

    overdue_reminders_send(now=NOW)

    body = mail.outbox[0].body
    assert "/actie/" not in body
    assert "Vraag dan ook om een persoonlijke link" in body


def test_done_or_dropped_actions_are_not_reminded(published):
    _overdue(published, status=Action.Status.DONE)
    _overdue(published, status=Action.Status.DROPPED)

    assert overdue_reminders_send(now=NOW) == 0


def test_draft_plans_get_no_reminders(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=0)
    _overdue(plan)

    assert overdue_reminders_send(now=NOW) == 0


def test_monthly_summary_goes_to_the_coordinator_once_a_month(published, users_by_role):
    _overdue(published)

    first = monthly_summaries_send(now=NOW)
    again = monthly_summaries_send(now=NOW + dt.timedelta(days=3))
    next_month = monthly_summaries_send(now=NOW + dt.timedelta(days=31))

    assert (first, again, next_month) == (1, 0, 1)
    assert mail.outbox[0].to == [users_by_role["coordinator"].email]
    assert "over de deadline" in mail.outbox[0].body


def test_progress_overview_counts_statuses_and_overdue(published):
    _overdue(published)
    today = timezone.localdate(NOW)

    overview = progress_overview(plan=published, today=today)

    assert overview.total == 2
    assert len(overview.overdue) == 1
    assert dict((s, n) for s, _l, n in overview.by_status)["planned"] == 2


def test_other_regions_coordinator_gets_no_summary(published, other_region):
    RegionMembershipFactory(region=other_region, role="coordinator")

    monthly_summaries_send(now=NOW)

    assert mail.outbox == []
