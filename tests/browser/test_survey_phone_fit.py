"""With their own small stylesheet, the survey pages look as with all of Bootstrap.

Each page is photographed at phone width with its Bootstrap subset, then again
after swapping in the full Bootstrap CSS: the two pictures must be the same,
pixel for pixel. The pages also fit 390 px and load no Bootstrap JavaScript.
"""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from PIL import ImageChops

from regions.models import Trajectory
from tests.browser.axe import assert_no_axe_violations
from tests.regions.factories import TrajectoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
SWAP_IN_FULL_BOOTSTRAP = """() => new Promise((resolve) => {
  const link = document.querySelector('link[href*="survey-bootstrap"]');
  const full = link.cloneNode();
  full.href = "/static/bootstrap/css/bootstrap.min.css";
  full.onload = () => { link.remove(); requestAnimationFrame(() => resolve()); };
  link.after(full);
})"""


def assert_fits(page, label):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{label}: {width} px wide"


def _steady_screenshot(page):
    """A full-page picture once two in a row are the same.

    The pointer is moved off the page first: after a click it rests over
    whatever the next page shows there. Right after a page loads, Chromium
    may still repaint form controls for a moment (more so on a busy machine),
    so a single picture can catch them half-drawn.
    """
    page.mouse.move(0, 0)
    previous = page.screenshot(full_page=True)
    for _attempt in range(20):
        page.wait_for_timeout(100)
        shot = page.screenshot(full_page=True)
        if shot == previous:
            break
        previous = shot
    return Image.open(io.BytesIO(shot)).convert("RGB")


def assert_looks_as_with_full_bootstrap(page, label):
    subset = _steady_screenshot(page)
    page.evaluate(SWAP_IN_FULL_BOOTSTRAP)
    full = _steady_screenshot(page)
    assert subset.size == full.size, f"{label}: {subset.size} != {full.size}"
    assert ImageChops.difference(subset, full).getbbox() is None, (
        f"{label} differs from full Bootstrap; rebuild with tools/survey_css.sh"
    )


@pytest.mark.parametrize("role", ["pleegouder", "pleegkind"])
def test_every_survey_page_fits_a_phone_without_bootstrap_js(
    browser, live_server, region, role
):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(
        live_server.url
        + reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    )
    assert_fits(page, "start")
    assert page.evaluate("typeof window.bootstrap") == "undefined"
    assert_looks_as_with_full_bootstrap(page, "start")
    page.reload()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/stap/0/$"))
    for step in range(30):
        label = f"{role} step {step}"
        assert_fits(page, label)
        if step in (0, 1, 2):
            assert_no_axe_violations(page, label)
        if step < 4:
            # The first steps hold every kind of field; the rest repeat them.
            assert_looks_as_with_full_bootstrap(page, label)
            page.reload()
        button = page.get_by_role("button", name="Volgende")
        if not button.count():
            break
        button.click()
        page.wait_for_load_state()
    assert_fits(page, f"{role} summary")
    assert_looks_as_with_full_bootstrap(page, f"{role} summary")
    context.close()
