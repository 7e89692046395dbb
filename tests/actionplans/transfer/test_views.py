"""NVP staff download the export from the trajectory page; each download is logged."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from regions.selectors import audit_entries_for
from sessions_app.meetings.models import Invitee
from tests.sessions_app.factories import InviteeFactory
from tests.sessions_app.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _download(client, trajectory, **params):
    url = reverse("actionplans:trajectory_export", kwargs={"pk": trajectory.pk})
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(b"".join(response.streaming_content))


@pytest.fixture
def invitee(trajectory):
    return InviteeFactory(meeting=MeetingFactory(trajectory=trajectory))


def test_staff_download_has_no_contacts_by_default(client_for, trajectory, invitee):
    data = _download(client_for("staff"), trajectory)

    assert data["with_contacts"] is False
    assert data["data"]["invitees"] == []
    assert invitee.email not in json.dumps(data)


def test_staff_download_with_the_box_ticked_has_contacts(
    client_for, trajectory, invitee
):
    data = _download(client_for("staff"), trajectory, contacts="1")

    assert [i["email"] for i in data["data"]["invitees"]] == [invitee.email]
    assert Invitee.objects.count() == 1


def test_each_download_is_in_the_trajectory_audit_log(
    client_for, trajectory, users_by_role
):
    _download(client_for("staff"), trajectory)
    _download(client_for("staff"), trajectory, contacts="1")

    entries = audit_entries_for(trajectory=trajectory).filter(
        action=LogEntry.Action.ACCESS
    )
    assert [(e.actor, e.additional_data["with_contacts"]) for e in entries] == [
        (users_by_role["staff"], True),
        (users_by_role["staff"], False),
    ]


@pytest.mark.parametrize(
    ("role", "shown"),
    [("staff", True), ("coordinator", False), ("facilitator", False)],
)
def test_export_button_is_on_the_trajectory_page_for_staff_only(
    client_for, trajectory, role, shown
):
    page = client_for(role).get(trajectory.get_absolute_url()).content.decode()

    url = reverse("actionplans:trajectory_export", kwargs={"pk": trajectory.pk})
    assert (url in page) is shown
