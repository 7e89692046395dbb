"""A coordinator puts facilitators and beleidsmakers on their own trajectory's team."""

import pytest
from django.core import mail
from django.urls import reverse

from regions.models import RegionMembership
from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory


def invite_url(trajectory):
    return reverse("regions:trajectory_team_invite", kwargs={"pk": trajectory.pk})


def assign_url(trajectory):
    return reverse("regions:trajectory_assign", kwargs={"pk": trajectory.pk})


@pytest.fixture
def coordinator(users_by_role):
    return users_by_role["coordinator"]


def test_coordinator_invites_a_new_facilitator_onto_the_team(
    client, coordinator, trajectory, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(trajectory),
            {"email": "Gert@Example.org", "name": "Gert Leider", "role": "facilitator"},
        )

    assert response.status_code == 302
    assert response["Location"] == assign_url(trajectory)
    assert trajectory.facilitators.filter(email="gert@example.org").exists()
    assert [message.to for message in mail.outbox] == [["gert@example.org"]]


def test_coordinator_invites_a_beleidsmaker_of_their_region(
    client, coordinator, trajectory, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            invite_url(trajectory),
            {"email": "bea2@example.org", "name": "Bea Twee", "role": "beleidsmaker"},
        )

    user = trajectory.policy_makers.get(email="bea2@example.org")
    assert RegionMembership.objects.filter(
        user=user, region=trajectory.region, role="beleidsmaker"
    ).exists()


def test_someone_with_an_account_is_added_without_a_new_invitation(
    client, coordinator, trajectory, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bekend@example.org")
    existing.set_password("een-lang-wachtwoord-1")
    existing.save()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(trajectory),
            {"email": "bekend@example.org", "name": "Bekend", "role": "facilitator"},
        )

    assert response.status_code == 302
    assert trajectory.facilitators.filter(pk=existing.pk).exists()
    assert mail.outbox == []


def test_coordinator_cannot_make_nvp_staff_through_the_team_page(
    client, coordinator, trajectory
):
    client.force_login(coordinator)

    response = client.post(
        invite_url(trajectory),
        {"email": "x@example.org", "name": "X", "role": "nvp_staff"},
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not trajectory.facilitators.filter(email="x@example.org").exists()


def test_other_regions_coordinator_cannot_invite_onto_this_team(
    client, users_by_role, trajectory
):
    client.force_login(users_by_role["other_coordinator"])

    response = client.post(
        invite_url(trajectory),
        {"email": "y@example.org", "name": "Y", "role": "facilitator"},
    )

    assert response.status_code in (403, 404)
    assert not trajectory.facilitators.filter(email="y@example.org").exists()


def test_coordinator_chooses_only_from_people_of_their_own_region(
    client, coordinator, trajectory, other_region
):
    stranger = UserFactory(name="Zeno Buitenregio")
    RegionMembershipFactory(user=stranger, region=other_region, role="beleidsmaker")
    elsewhere = UserFactory(name="Elsa Elders")
    TrajectoryFactory(region=other_region).facilitators.add(elsewhere)
    colleague = UserFactory(name="Karel Collega")
    TrajectoryFactory(region=trajectory.region).facilitators.add(colleague)
    client.force_login(coordinator)

    page = client.get(assign_url(trajectory)).content.decode()

    assert "Karel Collega" in page
    assert "Zeno Buitenregio" not in page
    assert "Elsa Elders" not in page


def test_staff_choose_from_everyone(client, users_by_role, trajectory, other_region):
    stranger = UserFactory(name="Zeno Buitenregio")
    RegionMembershipFactory(user=stranger, region=other_region, role="beleidsmaker")
    client.force_login(users_by_role["staff"])

    page = client.get(assign_url(trajectory)).content.decode()

    assert "Zeno Buitenregio" in page
