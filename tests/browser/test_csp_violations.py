"""No page breaks the Content Security Policy in a real Chromium.

The HTML checks (tests/test_csp_pages.py) read the markup; scripts can still
add inline styles at run time (htmx adds a ``<style>`` unless told not to).
Chromium reports each refusal as a ``securitypolicyviolation`` event: every
page of the seeded demo trajectory is opened as NVP staff and none may fire.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from demo.seed import DEMO_TRAJECTORY
from regions.models import Trajectory
from tests.test_csp_demo_pages import _demo_ids
from tests.test_csp_demo_pages import _urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
    (event.sample || "")
  );
});
"""


def test_no_demo_page_breaks_the_csp_in_chromium(browser, live_server):
    call_command("seed_demo", stdout=StringIO())
    trajectory = Trajectory.objects.get(name=DEMO_TRAJECTORY)
    client = Client()
    from accounts.models import User

    client.force_login(User.objects.filter(is_staff=True).first())
    pages = []
    for url in _urls(_demo_ids(trajectory)):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            pages.append(url)
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    problems = []
    for url in dict.fromkeys(pages):
        page.goto(live_server.url + url, wait_until="load")
        page.wait_for_timeout(150)  # let htmx and the page's scripts start
        violations = page.evaluate("window.__cspViolations")
        if violations:
            problems.append(f"{url}: {violations}")
    context.close()
    assert not problems, "\n".join(problems)
    assert len(pages) > 80
