"""The privacy statement: B1 for adults, A2 for children, linked from every page."""

import pytest
from django.urls import reverse

from regions.models import Trajectory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.respond_helpers import start

pytestmark = pytest.mark.django_db


def test_statement_says_what_why_how_long_and_whom_to_ask(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@example.org"
    settings.RETENTION_MONTHS = 18

    html = client.get(reverse("privacy")).content.decode()

    assert "IP-adres" in html  # what is (not) stored
    assert "Waarom?" in html
    assert "18 maanden" in html
    assert "privacy@example.org" in html
    assert reverse("privacy_children") in html


def test_children_read_it_with_je(client):
    html = client.get(reverse("privacy_children")).content.decode()

    assert "Je hoeft je naam niet te geven" in html
    assert " u " not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Kindertelefoon" in html


def test_every_staff_page_footer_links_to_the_statement(client):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("privacy")}"' in html


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


def test_adult_survey_pages_link_to_the_statement_with_u(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegouder")

    html = client.get(location).content.decode()

    assert f'href="{reverse("privacy")}"' in html
    assert "Uw antwoorden zijn anoniem" in html


def test_child_survey_pages_link_to_the_children_s_version(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegkind")

    html = client.get(location).content.decode()

    assert f'href="{reverse("privacy_children")}"' in html
    assert "Je antwoorden zijn anoniem" in html


def test_the_survey_start_page_links_to_the_statement(client, open_trajectory):
    url = reverse(
        "surveys:start", kwargs={"public_token": open_trajectory.public_token}
    )

    html = client.get(url).content.decode()

    assert reverse("privacy") in html
