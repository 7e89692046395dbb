"""Every slide fits a projector, navigation included (issue #11).

On the demo data (every role answered, so each theme slide carries a full
chart), each slide is opened at 1280x720 and 1024x768: the page must not
scroll either way, and the navigation must be in view.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.seed import DEMO_TRAJECTORY
from regions.models import Trajectory
from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTORS = ({"width": 1280, "height": 720}, {"width": 1024, "height": 768})


@pytest.fixture
def demo_slides(live_server):
    call_command("seed_demo", "--base-url", live_server.url, verbosity=0)
    staff = User.objects.get(email="nvp@demo.goedgesprek.nl")
    client = Client()
    client.force_login(staff)
    trajectory = Trajectory.objects.get(name=DEMO_TRAJECTORY)
    url = live_server.url + reverse(
        "surveys:results_presentation", kwargs={"pk": trajectory.pk}
    )
    return url, client.cookies[settings.SESSION_COOKIE_NAME].value


def _overflow(page) -> dict:
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            const nav = document.querySelector('.slide-nav').getBoundingClientRect();
            return {
                down: root.scrollHeight - window.innerHeight,
                across: root.scrollWidth - window.innerWidth,
                navBottom: nav.bottom - window.innerHeight,
                navRight: nav.right - window.innerWidth,
            };
        }"""
    )


@pytest.mark.parametrize("viewport", PROJECTORS, ids=["1280x720", "1024x768"])
def test_every_slide_fits_the_projector(browser, live_server, demo_slides, viewport):
    url, session = demo_slides
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(url)
    count = page.locator(".slide").count()
    assert count > 10
    too_big = []
    for number in range(1, count + 1):
        page.goto(f"{url}?dia={number}")
        page.locator(f"#dia-{number}").wait_for()
        sizes = _overflow(page)
        if any(value > 0 for value in sizes.values()):
            too_big.append(f"dia {number}: {sizes}")
        for name in ("Vorige", "Volgende", "Terug naar de resultaten"):
            link = page.locator(".slide-nav").get_by_text(name, exact=True)
            assert link.is_visible(), f"dia {number}: {name}"
        if page.locator(f"#dia-{number}[data-theme]").count():
            # Fitting by shrinking the chart to nothing does not count.
            chart = page.locator(f"#dia-{number} svg.chart").bounding_box()
            assert chart is not None
            assert chart["height"] >= 0.4 * viewport["height"], f"dia {number}"
        if number in (1, 2):
            assert_no_axe_violations(page, f"dia {number} at {viewport}")
    context.close()
    assert not too_big, "\n".join(too_big)
