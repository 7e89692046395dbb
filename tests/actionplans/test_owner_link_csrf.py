"""An action owner's form posts from their personal link, CSRF checks on.

The page used to send ``Referrer-Policy: no-referrer``; under it Chromium
sends ``Origin: null`` with the form's POST, and Django's CSRF check refused
every note (the journey test found it). The policy is now ``same-origin``.
"""

import pytest
from django.test import Client
from django.urls import reverse

from actionplans import services
from tests.actionplans.factories import plan_with_actions

pytestmark = pytest.mark.django_db


def test_the_owner_page_keeps_the_origin_for_its_own_form(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    action = plan.plan_topics.get().actions.get()
    action.owner_email = "eigenaar@nijmegen.nl"
    action.save()
    invite = services.owner_link_create(
        plan=plan, email="eigenaar@nijmegen.nl", send_mail=False
    )
    client = Client(enforce_csrf_checks=True)

    page = client.get(reverse("actionplans:owner_home", kwargs={"token": invite.token}))

    assert page["Referrer-Policy"] == "same-origin"
    response = client.post(
        reverse(
            "actionplans:owner_note",
            kwargs={"token": invite.token, "action_pk": action.pk},
        ),
        {
            "csrfmiddlewaretoken": page.context["csrf_token"],
            "text": "Eerste spreekuur gehouden.",
            "status": "in_progress",
        },
        # What a browser sends under "same-origin"; under "no-referrer" it was "null".
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    action.refresh_from_db()
    assert action.status == "in_progress"
