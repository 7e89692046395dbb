"""A coordinator logs in with the keyboard and finds their work; axe finds nothing.

Runs the real stack in Chromium: the live server, static files, allauth,
axes. axe-core comes bundled with axe-playwright-python and works offline.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from regions.models import Region
from regions.services import regions_load
from tests.accounts.factories import PASSWORD
from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionMembershipFactory
from tests.regions.factories import TrajectoryFactory

pytestmark = [pytest.mark.browser]

EMAIL = "carla@example.org"


def assert_accessible(page, label):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"


@pytest.fixture
def coordinator_trajectory(transactional_db):
    """Rijk van Nijmegen with its real municipalities, a coordinator and a trajectory."""
    regions_load()
    region = Region.objects.get(code="JZ32")
    coordinator = UserFactory(email=EMAIL, name="Carla de Boer")
    RegionMembershipFactory(user=coordinator, region=region, role="coordinator")
    return TrajectoryFactory(
        region=region,
        name="Het goede gesprek Rijk van Nijmegen",
        municipalities=list(region.municipalities.all()),
    )


def log_in_with_the_keyboard(page, base_url):
    page.goto(base_url + reverse("account_login"))
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.get_by_label("E-mailadres").focus()
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + reverse("dashboard"))


def test_coordinator_logs_in_by_keyboard_and_sees_their_trajectory(
    live_server, page, coordinator_trajectory
):
    log_in_with_the_keyboard(page, live_server.url)

    page.get_by_role("heading", name="Overzicht", level=1).wait_for()
    link = page.get_by_role("link", name=coordinator_trajectory.name)
    assert link.is_visible()


def test_login_page_has_no_accessibility_violations(
    live_server, page, transactional_db
):
    page.goto(live_server.url + reverse("account_login"))

    assert_accessible(page, "login page")


def test_wrong_password_page_has_no_accessibility_violations(
    live_server, page, coordinator_trajectory
):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill("helemaal-fout")
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_text("wachtwoord dat u opgaf klopt niet").wait_for()
    assert_accessible(page, "login page with error")


def test_logged_in_pages_have_no_accessibility_violations(
    live_server, page, coordinator_trajectory
):
    base = live_server.url
    log_in_with_the_keyboard(page, base)
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Regio's", exact=True).first.click()
    page.get_by_role("heading", name="Jeugdzorgregio's", level=1).wait_for()
    assert_accessible(page, "region list")

    page.get_by_role("link", name="Rijk van Nijmegen").click()
    page.get_by_role("heading", name="Rijk van Nijmegen", level=1).wait_for()
    assert_accessible(page, "region page")

    page.get_by_role("link", name=coordinator_trajectory.name).click()
    page.get_by_role("heading", name=coordinator_trajectory.name, level=1).wait_for()
    assert_accessible(page, "trajectory page")


def test_region_search_finds_a_municipality_by_keyboard(
    live_server, page, coordinator_trajectory
):
    log_in_with_the_keyboard(page, live_server.url)
    page.goto(live_server.url + reverse("regions:region_list"))

    page.get_by_label("Zoek een regio of gemeente").focus()
    page.keyboard.type("Wijchen")
    page.keyboard.press("Enter")

    page.get_by_role("link", name="Rijk van Nijmegen").wait_for()
    assert page.get_by_role("row").count() == 2  # header and one region
