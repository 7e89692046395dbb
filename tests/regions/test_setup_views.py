"""Pages that set up a trajectory: wiring, messages, hostile input, queries."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from regions.models import ParticipantRole
from regions.models import Trajectory
from tests.accounts.factories import UserFactory
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory

Phase = Trajectory.Phase


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def create_url(region):
    return reverse("regions:trajectory_create", kwargs={"code": region.code})


def update_url(trajectory):
    return reverse("regions:trajectory_update", kwargs={"pk": trajectory.pk})


def assign_url(trajectory):
    return reverse("regions:trajectory_assign", kwargs={"pk": trajectory.pk})


def phase_url(trajectory):
    return reverse("regions:trajectory_phase", kwargs={"pk": trajectory.pk})


@pytest.fixture
def municipalities(region):
    return [
        MunicipalityFactory(region=region, name=name)
        for name in ["Berg en Dal", "Heumen", "Nijmegen"]
    ]


@pytest.fixture
def foreign_municipality(other_region):
    return MunicipalityFactory(region=other_region, name="Oosterhout")


@pytest.fixture
def valid_data(municipalities):
    data = {
        "name": "Het goede gesprek Rijk van Nijmegen 2026",
        "format": Trajectory.Format.TRAJECT,
        "municipalities": [m.pk for m in municipalities],
        "survey_opens_on": "2026-03-01",
        "survey_closes_on": "2026-03-29",
    }
    for role in ParticipantRole.values:
        data[f"target_{role}"] = "7"
    return data


@pytest.fixture
def coordinator_client(client_for):
    return client_for("coordinator")


# Create -----------------------------------------------------------------


def test_create_form_is_prefilled(coordinator_client, region, municipalities):
    response = coordinator_client.get(create_url(region))
    assert response.status_code == 200
    assert "regions/trajectory_form.html" in [t.name for t in response.templates]
    form = response.context["form"]
    today = timezone.localdate()
    assert form.initial["name"] == f"Het goede gesprek Rijk van Nijmegen {today.year}"
    assert form.initial["format"] == Trajectory.Format.TRAJECT
    assert set(form.initial["municipalities"]) >= set(municipalities)
    opens = form.initial["survey_opens_on"]
    assert form.initial["survey_closes_on"] - opens == dt.timedelta(days=28)
    assert form.initial["target_pleegouder"] == 10
    assert form.initial["target_ouder"] == 5


def test_create_form_has_numbered_sections_with_help(coordinator_client, region):
    content = coordinator_client.get(create_url(region)).content.decode()
    for heading in [
        "1. Naam en vorm",
        "2. Gemeenten",
        "3. Vragenlijst: periode",
        "4. Streefaantallen",
    ]:
        assert heading in content
    assert content.count('class="form-text"') >= 10
    assert 'type="date"' in content


def test_every_municipality_is_checked_by_default(
    coordinator_client, region, municipalities
):
    response = coordinator_client.get(create_url(region))
    form = response.context["form"]
    assert set(form["municipalities"].value()) == {
        m.pk for m in region.municipalities.all()
    }


def test_create_saves_and_redirects_to_the_trajectory(
    coordinator_client, region, valid_data, users_by_role
):
    response = coordinator_client.post(create_url(region), valid_data)
    trajectory = Trajectory.objects.get(name=valid_data["name"])
    assert response.status_code == 302
    assert response["Location"] == trajectory.get_absolute_url()
    assert _messages(response) == [
        "Het traject “Het goede gesprek Rijk van Nijmegen 2026” is aangemaakt."
    ]
    assert trajectory.region == region
    assert trajectory.created_by == users_by_role["coordinator"]
    assert trajectory.municipalities.count() == 3
    assert trajectory.targets == {role: 7 for role in ParticipantRole.values}
    assert trajectory.survey_opens_on == dt.date(2026, 3, 1)


def test_create_with_fewer_municipalities(
    coordinator_client, region, valid_data, municipalities
):
    valid_data["municipalities"] = [municipalities[1].pk]
    coordinator_client.post(create_url(region), valid_data)
    trajectory = Trajectory.objects.get(name=valid_data["name"])
    assert list(trajectory.municipalities.all()) == [municipalities[1]]


def test_staff_can_create_in_any_region(client_for, other_region, foreign_municipality):
    data = {
        "name": "Dialoogtafel",
        "format": Trajectory.Format.DIALOOGTAFEL,
        "municipalities": [foreign_municipality.pk],
        "survey_opens_on": "",
        "survey_closes_on": "",
        **{f"target_{role}": "0" for role in ParticipantRole.values},
    }
    response = client_for("staff").post(create_url(other_region), data)
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(name="Dialoogtafel")
    assert trajectory.region == other_region
    assert trajectory.survey_opens_on is None


def _assert_refused(response, field, message):
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Niet alles is goed ingevuld" in response.content.decode()


def test_create_refuses_survey_closing_before_opening_and_keeps_input(
    coordinator_client, region, valid_data
):
    valid_data["survey_closes_on"] = "2026-02-01"
    valid_data["name"] = "Mijn eigen naam"
    response = coordinator_client.post(create_url(region), valid_data)
    _assert_refused(
        response, "survey_closes_on", "De einddatum ligt vóór de begindatum"
    )
    content = response.content.decode()
    assert 'value="2026-02-01"' in content
    assert 'value="Mijn eigen naam"' in content
    assert not Trajectory.objects.filter(name="Mijn eigen naam").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("survey_opens_on", "gisteren", "Dit is geen datum"),
        ("survey_opens_on", "2026-02-30", "Dit is geen datum"),
        ("survey_closes_on", "9" * 5000, "Dit is geen datum"),
        ("target_pleegouder", "-1", "Vul 0 of meer in."),
        ("target_pleegouder", "10001", "Vul een getal tot en met 10.000 in."),
        ("target_ouder", "tien", "Vul een heel getal in"),
        ("target_ouder", "2.5", "Vul een heel getal in"),
        ("target_ouder", "9" * 5000, "Vul een heel getal in"),
        ("target_ouder", "", "Vul een aantal in"),
        ("name", "x" * 100_000, "niet meer dan 150 tekens"),
        ("name", "   ", "Geef het traject een naam."),
        ("name", "Naam\x00", "Null-tekens zijn niet toegestaan."),
        ("format", "drie-daagse", "Kies een vorm uit de lijst."),
    ],
)
def test_create_refuses_bad_input_with_a_dutch_message(
    coordinator_client, region, valid_data, field, value, message
):
    valid_data[field] = value
    before = Trajectory.objects.count()
    response = coordinator_client.post(create_url(region), valid_data)
    _assert_refused(response, field, message)
    assert Trajectory.objects.count() == before


@pytest.mark.parametrize(
    "ids",
    [
        ["abc"],
        ["999999"],
        ["99999999999999999999999999"],
        ["9" * 5000],
        ["-1"],
        ["1.5"],
        ["²"],
        ["9223372036854775807"],
        [""],
        [str(n) for n in range(600)],
    ],
)
def test_create_refuses_unknown_municipality_ids(
    coordinator_client, region, valid_data, ids
):
    valid_data["municipalities"] = ids
    response = coordinator_client.post(create_url(region), valid_data)
    assert response.status_code == 200
    assert response.context["form"].errors["municipalities"]
    assert not Trajectory.objects.filter(name=valid_data["name"]).exists()


def test_create_refuses_another_regions_municipality(
    coordinator_client, region, valid_data, foreign_municipality
):
    valid_data["municipalities"] = [foreign_municipality.pk]
    response = coordinator_client.post(create_url(region), valid_data)
    _assert_refused(
        response,
        "municipalities",
        "Kies alleen gemeenten uit de lijst van deze regio.",
    )


def test_create_refuses_no_municipality_at_all(coordinator_client, region, valid_data):
    del valid_data["municipalities"]
    response = coordinator_client.post(create_url(region), valid_data)
    _assert_refused(response, "municipalities", "Kies minstens één gemeente.")


def test_create_for_an_unknown_region_is_404(coordinator_client):
    assert coordinator_client.get("/regios/JZ99/trajecten/nieuw/").status_code == 404
    assert coordinator_client.get("/regios/xx%00/trajecten/nieuw/").status_code == 404


def test_other_regions_coordinator_cannot_post_a_trajectory(
    client_for, region, valid_data
):
    response = client_for("other_coordinator").post(create_url(region), valid_data)
    assert response.status_code == 404
    assert not Trajectory.objects.filter(name=valid_data["name"]).exists()


@pytest.mark.django_db
@hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.fixed_dictionaries(
        {
            "name": st.text(max_size=300),
            "format": st.text(max_size=30),
            "municipalities": st.lists(st.text(max_size=30), max_size=5),
            "survey_opens_on": st.text(max_size=30),
            "survey_closes_on": st.text(max_size=30),
            "target_pleegouder": st.text(max_size=30),
            "target_ouder": st.text(max_size=30),
        }
    )
)
def test_create_never_fails_on_random_text(coordinator_client, region, data):
    response = coordinator_client.post(create_url(region), data)
    assert response.status_code in (200, 302)


# Region page and start page ---------------------------------------------


def test_region_page_offers_new_trajectory_to_its_coordinator(
    coordinator_client, region
):
    content = coordinator_client.get(region.get_absolute_url()).content.decode()
    assert create_url(region) in content
    assert "Nieuw traject" in content


@pytest.mark.parametrize("role", ["beleidsmaker", "facilitator", "other_coordinator"])
def test_region_page_hides_new_trajectory_from_others(client_for, region, role):
    content = client_for(role).get(region.get_absolute_url()).content.decode()
    assert create_url(region) not in content


def test_start_sends_a_coordinator_of_one_region_straight_on(
    coordinator_client, region
):
    response = coordinator_client.get(reverse("regions:trajectory_start"))
    assert response.status_code == 302
    assert response["Location"] == create_url(region)


def test_start_lets_a_coordinator_of_two_regions_choose(
    client_for, users_by_role, region, other_region
):
    RegionMembershipFactory(
        user=users_by_role["coordinator"], region=other_region, role="coordinator"
    )
    client = client_for("coordinator")
    response = client.get(reverse("regions:trajectory_start"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["regio"].queryset) == [
        region,
        other_region,
    ]
    response = client.get(reverse("regions:trajectory_start"), {"regio": "jz34"})
    assert response["Location"] == create_url(other_region)


@pytest.mark.parametrize("value", ["", "JZ99", "onzin", "JZ3\x00", "x" * 10_000])
def test_start_refuses_a_region_that_is_not_in_the_list(client_for, value):
    response = client_for("staff").get(
        reverse("regions:trajectory_start"), {"regio": value}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["regio"]


def test_start_refuses_a_region_the_coordinator_does_not_manage(
    client_for, users_by_role, region, other_region
):
    RegionMembershipFactory(
        user=users_by_role["coordinator"], region=other_region, role="beleidsmaker"
    )
    response = client_for("coordinator").get(
        reverse("regions:trajectory_start"), {"regio": other_region.code}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["regio"] == ["Kies een regio uit de lijst."]


# Update -----------------------------------------------------------------


@pytest.fixture
def set_up_trajectory(region, municipalities, users_by_role):
    trajectory = TrajectoryFactory(
        region=region,
        name="Bestaand traject",
        municipalities=municipalities[:2],
        targets={"pleegouder": 12},
    )
    return trajectory


def test_update_form_shows_the_current_set_up(coordinator_client, set_up_trajectory):
    response = coordinator_client.get(update_url(set_up_trajectory))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Bestaand traject"
    assert set(form["municipalities"].value()) == {
        m.pk for m in set_up_trajectory.municipalities.all()
    }
    assert form.initial["target_pleegouder"] == 12
    assert form.initial["target_ouder"] == 5
    assert "Wijzigingen opslaan" in response.content.decode()


def test_update_saves_and_redirects(coordinator_client, set_up_trajectory, valid_data):
    valid_data["name"] = "Nieuwe naam"
    response = coordinator_client.post(update_url(set_up_trajectory), valid_data)
    assert response.status_code == 302
    assert response["Location"] == set_up_trajectory.get_absolute_url()
    assert _messages(response) == ["De wijzigingen zijn opgeslagen."]
    set_up_trajectory.refresh_from_db()
    assert set_up_trajectory.name == "Nieuwe naam"
    assert set_up_trajectory.municipalities.count() == 3


def test_update_refuses_another_regions_municipality(
    coordinator_client, set_up_trajectory, valid_data, foreign_municipality
):
    valid_data["municipalities"] = [foreign_municipality.pk]
    response = coordinator_client.post(update_url(set_up_trajectory), valid_data)
    assert response.status_code == 200
    assert response.context["form"].errors["municipalities"]
    set_up_trajectory.refresh_from_db()
    assert set_up_trajectory.municipalities.count() == 2


@pytest.mark.parametrize("role", ["facilitator", "beleidsmaker", "other_coordinator"])
def test_update_post_is_refused_to_those_who_only_follow(
    client_for, set_up_trajectory, valid_data, role
):
    response = client_for(role).post(update_url(set_up_trajectory), valid_data)
    assert response.status_code == 404
    set_up_trajectory.refresh_from_db()
    assert set_up_trajectory.name == "Bestaand traject"


# Team -------------------------------------------------------------------


def test_assign_lists_the_regions_beleidsmakers_first(
    client_for, trajectory, users_by_role, region
):
    UserFactory(name="Aart Allereerst")
    response = client_for("staff").get(assign_url(trajectory))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["policy_makers"].queryset)
    assert choices[0] == users_by_role["beleidsmaker"]
    labels = [
        label
        for _value, label in response.context["form"].fields["policy_makers"].choices
    ]
    assert labels[0].endswith("· beleidsmaker in deze regio")


def test_assign_saves_the_team(client_for, trajectory, users_by_role):
    facilitator = UserFactory()
    beleidsmaker = users_by_role["beleidsmaker"]
    response = client_for("staff").post(
        assign_url(trajectory),
        {"facilitators": [facilitator.pk], "policy_makers": [beleidsmaker.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == trajectory.get_absolute_url()
    assert _messages(response) == ["De teamleden zijn opgeslagen."]
    assert list(trajectory.facilitators.all()) == [facilitator]
    assert list(trajectory.policy_makers.all()) == [beleidsmaker]


def test_an_assigned_facilitator_can_then_follow_the_trajectory(
    client_for, other_trajectory, users_by_role
):
    facilitator = users_by_role["facilitator"]
    client_for("staff").post(
        assign_url(other_trajectory), {"facilitators": [facilitator.pk]}
    )
    response = client_for("facilitator").get(other_trajectory.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(
    "ids",
    [
        ["abc"],
        ["999999"],
        ["99999999999999999999999999"],
        ["9" * 5000],
        ["²"],
        [str(n) for n in range(600)],
    ],
)
def test_assign_refuses_unknown_users(client_for, trajectory, users_by_role, ids):
    response = client_for("staff").post(assign_url(trajectory), {"facilitators": ids})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["facilitators"] == ["Kies alleen mensen uit de lijst."]
    assert list(trajectory.facilitators.all()) == [users_by_role["facilitator"]]


def test_assign_refuses_an_inactive_account(client_for, trajectory):
    inactive = UserFactory(is_active=False)
    response = client_for("staff").post(
        assign_url(trajectory), {"facilitators": [inactive.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["facilitators"]


def test_coordinator_sets_the_team_of_their_own_trajectory(client_for, trajectory):
    """Issue #11: a coordinator is told to set up the team, so they may."""
    response = client_for("coordinator").post(
        assign_url(trajectory), {"facilitators": []}
    )
    assert response.status_code == 302
    assert not trajectory.facilitators.exists()


def test_other_regions_coordinator_cannot_assign_the_team(client_for, trajectory):
    response = client_for("other_coordinator").post(
        assign_url(trajectory), {"facilitators": []}
    )
    assert response.status_code == 404
    assert trajectory.facilitators.exists()


# Phase ------------------------------------------------------------------


def test_phase_moves_on_with_a_message(coordinator_client, trajectory):
    response = coordinator_client.post(
        phase_url(trajectory), {"phase": Phase.VRAGENLIJST_OPEN}
    )
    assert response.status_code == 302
    assert response["Location"] == trajectory.get_absolute_url()
    assert _messages(response) == [
        "Het traject staat nu in de fase “Vragenlijst open”."
    ]
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VRAGENLIJST_OPEN


def test_phase_steps_back_one(coordinator_client, region):
    trajectory = TrajectoryFactory(region=region, phase=Phase.ACTIEPLAN)
    coordinator_client.post(phase_url(trajectory), {"phase": Phase.BIJEENKOMSTEN})
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.BIJEENKOMSTEN


@pytest.mark.parametrize(
    "value",
    [
        Phase.BIJEENKOMSTEN,
        Phase.AFGEROND,
        Phase.VOORBEREIDING,
        "",
        "onzin",
        "x" * 10_000,
    ],
)
def test_phase_refuses_anything_but_next_or_previous(
    coordinator_client, trajectory, value
):
    response = coordinator_client.post(phase_url(trajectory), {"phase": value})
    assert response.status_code == 302
    (message,) = _messages(response)
    assert message.startswith(("Het traject staat", "Deze fase bestaat niet"))
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VOORBEREIDING


@pytest.mark.parametrize("role", ["facilitator", "beleidsmaker", "other_coordinator"])
def test_phase_cannot_be_moved_by_those_who_only_follow(client_for, trajectory, role):
    response = client_for(role).post(
        phase_url(trajectory), {"phase": Phase.VRAGENLIJST_OPEN}
    )
    assert response.status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VOORBEREIDING


# Trajectory page ----------------------------------------------------------


def test_trajectory_page_shows_the_phase_stepper(coordinator_client, region):
    trajectory = TrajectoryFactory(region=region, phase=Phase.BIJEENKOMSTEN)
    content = coordinator_client.get(trajectory.get_absolute_url()).content.decode()
    assert '<ol class="phase-steps"' in content
    assert '<li aria-current="step">Bijeenkomsten</li>' in content
    assert content.count('class="done"') == 2
    assert "kiest u samen 3 tot 5" in content
    assert "Volgende fase: Actieplan" in content
    assert "Het traject gaat terug naar de fase “Vragenlijst open”" in content


def test_trajectory_page_explains_a_dialoogtafel_in_its_own_words(
    coordinator_client, region
):
    trajectory = TrajectoryFactory(
        region=region,
        phase=Phase.BIJEENKOMSTEN,
        format=Trajectory.Format.DIALOOGTAFEL,
    )
    content = coordinator_client.get(trajectory.get_absolute_url()).content.decode()
    assert "Aan de dialoogtafel bespreekt u de uitkomsten" in content


def test_trajectory_page_shows_the_facts(client_for, region, municipalities):
    trajectory = TrajectoryFactory(
        region=region,
        municipalities=municipalities,
        targets={"pleegouder": 10, "ouder": 5},
        survey_opens_on=dt.date(2026, 3, 1),
        survey_closes_on=dt.date(2026, 3, 29),
    )
    trajectory.facilitators.add(UserFactory(name="Gea Gespreksleider"))
    content = client_for("staff").get(trajectory.get_absolute_url()).content.decode()
    assert "Berg en Dal, Heumen, Nijmegen" in content
    assert "Open van 1 maart 2026 tot en met 29 maart 2026." in content
    assert "Pleegouders: 10" in content
    assert "Ouders: 5" in content
    assert "Gea Gespreksleider" in content
    assert update_url(trajectory) in content
    assert assign_url(trajectory) in content


def test_coordinator_sees_edit_and_team(coordinator_client, trajectory):
    content = coordinator_client.get(trajectory.get_absolute_url()).content.decode()
    assert update_url(trajectory) in content
    assert assign_url(trajectory) in content


@pytest.mark.parametrize("role", ["facilitator", "beleidsmaker"])
def test_followers_see_no_set_up_actions(client_for, trajectory, role):
    response = client_for(role).get(trajectory.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert update_url(trajectory) not in content
    assert assign_url(trajectory) not in content
    assert phase_url(trajectory) not in content
    assert 'aria-current="step"' in content


def test_last_phase_offers_no_next_phase(coordinator_client, region):
    trajectory = TrajectoryFactory(region=region, phase=Phase.AFGEROND)
    content = coordinator_client.get(trajectory.get_absolute_url()).content.decode()
    assert "Volgende fase" not in content
    assert "Terug naar de vorige fase" in content


# Query counts -------------------------------------------------------------


def _count_queries(client, url):
    client.get(url)  # warm up caches that are not per request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_trajectory_page_queries_do_not_grow_with_municipalities(
    client_for, region, users_by_role
):
    small = TrajectoryFactory(
        region=region,
        municipalities=[MunicipalityFactory(region=region) for _ in range(2)],
    )
    large = TrajectoryFactory(
        region=region,
        municipalities=[MunicipalityFactory(region=region) for _ in range(20)],
    )
    for trajectory in (small, large):
        trajectory.facilitators.add(users_by_role["facilitator"])
    client = client_for("coordinator")
    assert _count_queries(client, small.get_absolute_url()) == _count_queries(
        client, large.get_absolute_url()
    )


def test_region_page_queries_do_not_grow_with_trajectories(
    client_for, users_by_role, region, other_region
):
    TrajectoryFactory(region=region)  # with the fixture's one: 2
    TrajectoryFactory.create_batch(20, region=other_region)
    client = client_for("staff")
    assert _count_queries(client, region.get_absolute_url()) == _count_queries(
        client, other_region.get_absolute_url()
    )


@pytest.mark.parametrize("suffix", ["", "bewerken/", "teamleden/"])
def test_a_huge_trajectory_id_in_the_url_is_404(client_for, suffix):
    url = f"/trajecten/{'9' * 30}/{suffix}"
    assert client_for("staff").get(url).status_code == 404


def test_a_phase_post_to_a_huge_trajectory_id_is_404(client_for):
    response = client_for("staff").post(f"/trajecten/{'9' * 30}/fase/", {"phase": ""})
    assert response.status_code == 404
