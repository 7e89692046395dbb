"""The dashboard lists exactly the trajectories the user may follow."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from tests.conftest import ROLES

EXPECTED = {
    "participant": [],
    "beleidsmaker": ["trajectory"],
    "facilitator": ["trajectory"],
    "coordinator": ["trajectory"],
    "other_coordinator": ["other_trajectory"],
    "staff": ["trajectory", "other_trajectory"],
}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_dashboard_lists_the_trajectories_the_role_may_follow(
    role, client_for, trajectory, other_trajectory
):
    by_name = {"trajectory": trajectory, "other_trajectory": other_trajectory}

    response = client_for(role).get(reverse("dashboard"))

    assert response.status_code == 200
    assertTemplateUsed(response, "dashboard.html")
    assert set(response.context["trajectories"]) == {
        by_name[name] for name in EXPECTED[role]
    }
    content = response.content.decode()
    for name, obj in by_name.items():
        assert (obj.name in content) is (name in EXPECTED[role])


def test_dashboard_links_each_trajectory_to_its_page(client_for, trajectory):
    response = client_for("coordinator").get(reverse("dashboard"))

    assert f'href="{trajectory.get_absolute_url()}"' in response.content.decode()


def test_dashboard_tells_a_user_without_trajectories_who_can_add_them(client_for):
    response = client_for("participant").get(reverse("dashboard"))

    assert "U heeft nog geen trajecten." in response.content.decode()
    assert "Een medewerker van de NVP kan u aan een traject toevoegen." in (
        response.content.decode()
    )


def test_dashboard_shows_a_coordinator_their_regions(client_for, region, other_region):
    response = client_for("coordinator").get(reverse("dashboard"))

    assert list(response.context["managed_regions"]) == [region]


def test_dashboard_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/dashboard/"
