"""Pages without the site menu still offer the language switch.

The vote pages (light, for phones) and an action owner's personal link had
no header with the switch: an English speaker could not leave Dutch there.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from actionplans import services
from tests.actionplans.factories import plan_with_actions
from tests.sessions_app.factories import round_with_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_to_dutch():
    """An English request leaves its thread in English; later tests expect Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _switch_and_get(client, path: str) -> str:
    page = client.get(path).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language" value="en"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": path})
    assert response.status_code == 302
    assert response["Location"] == path
    return client.get(path).content.decode()


def test_the_vote_pages_switch_to_english(client, trajectory, back_to_dutch):
    voting_round, _topics = round_with_topics(trajectory, count=3)

    page = _switch_and_get(client, reverse("voting:join"))

    assert '<html lang="en">' in page
    assert 'name="language" value="nl"' in page
    ballot = client.get(
        reverse("voting:ballot", kwargs={"code": voting_round.code})
    ).content.decode()
    assert '<html lang="en">' in ballot


def test_an_owner_link_switches_to_english(client, trajectory, back_to_dutch):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    services.action_plan_publish(plan=plan, published_by=None)
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)
    path = reverse("actionplans:owner_home", kwargs={"token": invite.token})

    page = _switch_and_get(client, path)

    assert '<html lang="en"' in page
    assert "Your actions" in page
