"""Region list, region page and trajectory page: wiring, content, bad input."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from regions.services import regions_load
from tests.accounts.factories import UserFactory
from tests.regions.factories import TrajectoryFactory


@pytest.fixture
def loaded_regions(db):
    regions_load()


@pytest.fixture
def signed_in_client(client, db):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def coordinator_client(client, users_by_role):
    client.force_login(users_by_role["coordinator"])
    return client


def test_region_list_shows_every_region_with_its_municipality_count(
    loaded_regions, signed_in_client
):
    response = signed_in_client.get(reverse("regions:region_list"))

    assert response.status_code == 200
    assertTemplateUsed(response, "regions/region_list.html")
    regions = {region.code: region for region in response.context["regions"]}
    assert len(regions) == 42
    assert regions["JZ32"].municipality_count == 7
    assert regions["JZ39"].municipality_count == 21
    assert sum(r.municipality_count for r in regions.values()) == 342


def test_region_list_search_by_municipality_finds_its_region(
    loaded_regions, signed_in_client
):
    response = signed_in_client.get(reverse("regions:region_list"), {"q": "Wijchen"})

    assert [r.code for r in response.context["regions"]] == ["JZ32"]
    assert "Rijk van Nijmegen" in response.content.decode()


def test_region_list_search_by_alias_finds_the_cbs_region(
    loaded_regions, signed_in_client
):
    response = signed_in_client.get(
        reverse("regions:region_list"), {"q": "hart van brabant"}
    )

    assert [r.code for r in response.context["regions"]] == ["JZ35"]


def test_region_list_search_without_match_says_so_in_dutch(
    loaded_regions, signed_in_client
):
    response = signed_in_client.get(reverse("regions:region_list"), {"q": "Parijs"})

    assert response.status_code == 200
    assert list(response.context["regions"]) == []
    assert "Geen regio gevonden voor “Parijs”" in response.content.decode()


@pytest.mark.parametrize("query", ["\x00", "Nijm\x00egen", "x" * 5000, "%' OR 1=1 --"])
def test_region_list_survives_odd_search_input(loaded_regions, signed_in_client, query):
    response = signed_in_client.get(reverse("regions:region_list"), {"q": query})

    assert response.status_code == 200


def test_region_list_needs_a_login(client, db):
    response = client.get(reverse("regions:region_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_region_page_lists_its_municipalities(loaded_regions, signed_in_client):
    response = signed_in_client.get(
        reverse("regions:region_detail", kwargs={"code": "JZ34"})
    )

    assert response.status_code == 200
    assertTemplateUsed(response, "regions/region_detail.html")
    names = [m.name for m in response.context["municipalities"]]
    assert names == ["Altena", "Breda", "Drimmelen", "Geertruidenberg", "Oosterhout"]
    assert "5 gemeenten" in response.content.decode()


def test_region_page_shows_the_trajectories_the_user_may_follow(
    coordinator_client, region, trajectory, users_by_role
):
    hidden = TrajectoryFactory(region=region, name="Ander traject")
    hidden.facilitators.add(users_by_role["facilitator"])

    response = coordinator_client.get(region.get_absolute_url())

    assert set(response.context["trajectories"]) == {trajectory, hidden}
    assert trajectory.name in response.content.decode()


def test_region_page_hides_trajectories_a_facilitator_does_not_lead(
    client, region, trajectory, users_by_role
):
    TrajectoryFactory(region=region, name="Niet van Fenna")
    client.force_login(users_by_role["facilitator"])

    response = client.get(region.get_absolute_url())

    assert list(response.context["trajectories"]) == [trajectory]
    assert "Niet van Fenna" not in response.content.decode()


def test_region_page_accepts_a_lower_case_code(region, coordinator_client):
    response = coordinator_client.get(
        reverse("regions:region_detail", kwargs={"code": "jz32"})
    )

    assert response.status_code == 200
    assert response.context["region"] == region


@pytest.mark.parametrize(
    "code",
    ["JZ99", "JZ40", "XX", "GM0268", "JZ3\x002", "\x00", "JZ32\n", "x" * 300, "٣٢"],
    ids=[
        "unused-code",
        "gap-in-cbs-numbering",
        "letters",
        "municipality-code",
        "nul-inside",
        "nul-only",
        "trailing-newline",
        "very-long",
        "arabic-digits",
    ],
)
def test_unknown_region_code_gets_a_dutch_404_page(coordinator_client, code):
    url = reverse("regions:region_detail", kwargs={"code": "PLACEHOLDER"}).replace(
        "PLACEHOLDER", quote(code, safe="")
    )

    response = coordinator_client.get(url)

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_trajectory_page_shows_its_name_and_region(coordinator_client, region):
    trajectory = TrajectoryFactory(region=region, name="Samen verder in Nijmegen")

    response = coordinator_client.get(trajectory.get_absolute_url())

    assert response.status_code == 200
    assertTemplateUsed(response, "regions/trajectory_detail.html")
    content = response.content.decode()
    assert "Samen verder in Nijmegen" in content
    assert "Rijk van Nijmegen" in content


def test_unknown_trajectory_gets_a_dutch_404_page(coordinator_client):
    response = coordinator_client.get(
        reverse("regions:trajectory_detail", kwargs={"pk": 987654})
    )

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_trajectory_of_another_region_looks_like_one_that_does_not_exist(
    coordinator_client, other_trajectory
):
    """A 404 like a missing id: trajectory ids do not reveal what exists."""
    response = coordinator_client.get(other_trajectory.get_absolute_url())
    missing = coordinator_client.get(
        reverse("regions:trajectory_detail", kwargs={"pk": other_trajectory.pk + 999})
    )

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    # Only the per-request CSRF mask and the page's own path differ.
    assert _comparable(response) == _comparable(missing)


def _comparable(response):
    html = response.content.decode().replace(response.wsgi_request.path, "PATH")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    assert "U heeft geen toegang tot deze pagina" in response.content.decode()


@pytest.mark.django_db
def test_trajectory_page_says_people_can_be_removed_from_lists_and_where(
    client_for, trajectory
):
    page = client_for("coordinator").get(trajectory.get_absolute_url())

    html = page.content.decode()
    start = html.index('id="remove-person"')
    part = html[start : html.index("</dd>", start)]
    assert "van een lijst af te gaan" in part
    assert reverse("meetings:meeting_list", kwargs={"pk": trajectory.pk}) in part
    assert reverse("actionplans:plan", kwargs={"pk": trajectory.pk}) in part
