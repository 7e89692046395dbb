"""``manage.py seed_demo`` on an empty database (the other demo tests share one seed)."""

from io import StringIO

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from accounts.models import User


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="Refusing to seed demo users"):
        seed()

    assert User.objects.count() == 0


@pytest.mark.django_db
def test_seed_demo_ends_with_a_published_plan_its_pdf_and_an_overdue_action():
    from actionplans.models import Action
    from actionplans.models import ActionPlan
    from actionplans.models import OwnerLink
    from actionplans.models import ProgressNote
    from actionplans.selectors.followup import progress_overview

    seed()
    seed()

    plan = ActionPlan.objects.get(
        trajectory__name="Het goede gesprek Rijk van Nijmegen"
    )
    versions = list(plan.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[-1].pdf_status == "ready"
    assert versions[-1].pdf.storage.exists(versions[-1].pdf.name)
    assert Action.objects.filter(plan_topic__plan=plan).count() == 30
    assert len(progress_overview(plan=plan).overdue) == 1
    assert OwnerLink.objects.filter(plan=plan).count() == 1
    assert ProgressNote.objects.filter(action__plan_topic__plan=plan).count() == 3
