"""After submit, nothing stored with a response derives from its resume token.

The token stands in every survey URL, so access logs (with IP address and
user agent) hold it; a stored hash of it would link a response to a sender.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Response
from surveys.models import SpentToken
from surveys.models import SurveyDraft
from surveys.respond.services import draft_start
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_submit import _draft
from tests.surveys.test_submit import _questions


def _derivations(token: str) -> set[str]:
    """The token and what one might derive from it: hex, base64, truncated."""
    raw = token.encode()
    secret = settings.SECRET_KEY.encode()
    digests = [
        hashlib.new(name, raw).digest()
        for name in ("sha256", "sha1", "md5", "sha512", "sha3_256", "blake2b")
    ]
    digests += [
        hmac.new(secret, raw, name).digest() for name in ("sha256", "sha1", "md5")
    ]
    digests += [
        salted_hmac(salt, token, algorithm=algorithm).digest()
        for salt in ("", "surveys", "submission")
        for algorithm in ("sha1", "sha256")
    ]
    forms = {token}
    for digest in digests:
        for text in (
            digest.hex(),
            base64.b64encode(digest).decode().rstrip("="),
            base64.urlsafe_b64encode(digest).decode().rstrip("="),
        ):
            forms.add(text)
            forms.add(text[:16])  # a truncated hash is still a link
    return forms


def _stored_values(model) -> list[str]:
    fields = [f.attname for f in model._meta.concrete_fields]
    return [str(value) for row in model.objects.values_list(*fields) for value in row]


def test_no_column_of_a_sent_survey_holds_anything_derived_from_its_token(
    client, region
):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    structure = structure_for(questionnaire)
    questions = [
        q for t in structure.themes_for("ouder") for q in t.questions_for("ouder")
    ]
    likert = next(q for q in questions if q.kind == "likert")
    open_ = next(q for q in questions if q.kind == "open")
    draft, token = draft_start(questionnaire=questionnaire, role="ouder")
    draft.data = {
        "answers": {str(likert.id): 4, str(open_.id): "Ze slaan mij."},
        "context": {},
    }
    draft.save()

    response = client.post(reverse("surveys:submit", kwargs={"token": token}))

    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert not SurveyDraft.objects.exists()
    stored = (
        _stored_values(Response)
        + _stored_values(Answer)
        + _stored_values(OpenAnswerReview)
    )
    assert len(stored) > 10
    forms = _derivations(token)
    linked = [(v, f) for v in stored for f in forms if f in v]
    assert not linked
    # The token is spent, in a table without a link to the response.
    assert SpentToken.objects.filter(pk=hashlib.sha256(token.encode()).hexdigest())
    assert [f.name for f in SpentToken._meta.get_fields()] == ["token_hash"]


def test_a_second_submit_of_a_sent_survey_stores_nothing_new(client, region):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    likert = _questions(questionnaire, "ouder", "likert")[0]
    _draft_row, token = _draft(questionnaire, "ouder", {str(likert.id): 4})
    url = reverse("surveys:submit", kwargs={"token": token})

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "surveys/respond/already_sent.html" in [t.name for t in second.templates]
    assert Response.objects.count() == 1
    assert SpentToken.objects.count() == 1
