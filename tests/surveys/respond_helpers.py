"""Walk the answering pages with Django's test client, as a phone would."""

import re

from django.urls import reverse

FIELD = re.compile(r'name="(q\d+)"')


def start(client, trajectory, role=None):
    if role:
        url = reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    else:
        url = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    response = client.post(url)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def token_from(location: str) -> str:
    return location.split("/vragenlijst/")[1].split("/")[0]


def answer_all(
    client, location, *, role="pleegouder", value="4", text="Het contact gaat goed."
):
    """Answer every page from ``location`` on; return the review page URL."""
    page = client.get(location)
    if b'name="role"' in page.content:
        response = client.post(location, {"role": role, "action": "next"})
        location = response["Location"]
    response = client.post(location, {"action": "next"})  # context: all skipped
    assert response.status_code == 302
    while "/stap/" in response["Location"]:
        location = response["Location"]
        html = client.get(location).content.decode()
        data = {"action": "next"}
        for name in set(FIELD.findall(html)):
            data[name] = text if f'<textarea name="{name}"' in html else value
        response = client.post(location, data)
        assert response.status_code == 302, (location, response.content[:500])
    return response["Location"]
