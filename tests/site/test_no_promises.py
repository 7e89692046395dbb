"""The interface names only what exists: no "verslag", which is not built.

Open answers end up in the meeting and in the verbeteragenda (the action
plan's PDF, which holds approved quotes); there is no separate report.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_statement_names_the_plan_not_a_report(client):
    content = client.get(reverse("privacy")).content.decode()

    assert "verslag" not in content
    assert (
        "Alleen goedgekeurde antwoorden komen in de bijeenkomst en in het plan dat "
        "de regio daarna maakt."
    ) in content
    assert "ook niet in een download of in het plan." in content


def test_the_review_page_names_the_verbeteragenda_not_a_report(client_for, trajectory):
    content = (
        client_for("staff")
        .get(reverse("surveys:open_answer_review", kwargs={"pk": trajectory.pk}))
        .content.decode()
    )

    assert "verslag" not in content
    assert (
        "Alleen goedgekeurde antwoorden komen in de bijeenkomst en in de "
        "verbeteragenda."
    ) in content
