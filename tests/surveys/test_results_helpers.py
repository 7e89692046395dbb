"""Helpers that build answered questionnaires quickly, for the results tests."""

from itertools import cycle

from django.utils import timezone

from surveys.models import Answer
from surveys.models import Response
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for


def likert_ids(questionnaire, role, *, only_role=False):
    """Ids of the Likert statements asked to ``role`` (``only_role``: to it alone)."""
    return [
        q.id
        for theme in structure_for(questionnaire).themes
        for q in theme.questions
        if q.kind == "likert"
        and role in q.roles
        and (not only_role or q.roles == frozenset({role}))
    ]


def answer(questionnaire, role, count, values, *, municipality=None, only_role=False):
    """``count`` responses of ``role`` answering every statement for the role.

    ``values`` cycles over the respondents (respondent i answers values[i]).
    """
    ids = likert_ids(questionnaire, role, only_role=only_role)
    pattern = cycle(values)
    start = Response.objects.count()
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            role=role,
            municipality=municipality,
            submitted_on=timezone.localdate(),
            submission_key=f"{questionnaire.pk}-{role}-{start + index}",
        )
        for index in range(count)
    )
    if not all(r.pk for r in responses):
        responses = list(
            Response.objects.filter(
                questionnaire=questionnaire,
                submission_key__in=[r.submission_key for r in responses],
            )
        )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=qid, number=value)
        for response, value in zip(responses, pattern, strict=False)
        for qid in ids
    )
    return responses


def questionnaire_for(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


def test_answer_gives_each_respondent_a_value_for_every_statement(trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "ouder", 3, [1, 2])
    ids = likert_ids(questionnaire, "ouder")
    assert Response.objects.filter(role="ouder").count() == 3
    assert Answer.objects.count() == 3 * len(ids)
    assert Answer.objects.filter(number=1).count() == 2 * len(ids)
