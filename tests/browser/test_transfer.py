"""The trajectory page with the export section: axe-core, a phone, a real download."""

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-NL"}


def _staff_page(browser, live_server):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    context = browser.new_context(**PHONE, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def test_staff_download_the_export_from_an_accessible_trajectory_page(
    browser, live_server, trajectory
):
    invitee = InviteeFactory(meeting=MeetingFactory(trajectory=trajectory))
    context, page = _staff_page(browser, live_server)
    page.goto(live_server.url + trajectory.get_absolute_url())

    assert_no_axe_violations(page, "trajectory page with export")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.get_by_label("Met contactgegevens").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Traject downloaden (JSON)").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["with_contacts"] is True
    assert [i["email"] for i in data["data"]["invitees"]] == [invitee.email]
    context.close()
