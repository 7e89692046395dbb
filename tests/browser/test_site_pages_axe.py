"""Public site pages pass axe and fit a 390 px phone."""

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", ["privacy", "privacy_children"])
def test_privacy_pages_are_accessible_on_a_phone(live_server, page, name):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse(name))

    assert_no_axe_violations(page, name)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
