"""Migration 0007: copies of the standard questionnaire say "u" to adults."""

import importlib

from django.apps import apps

from regions.models import Trajectory
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.services import questionnaire_get_or_create
from tests.regions.factories import TrajectoryFactory

migration = importlib.import_module("surveys.migrations.0009_adult_questions_say_u")


def test_old_standard_wording_becomes_u_and_edited_text_stays(region):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    old, new = migration.WORDING[0]
    question = Question.objects.get(theme__questionnaire=questionnaire, text=new)
    Question.objects.filter(pk=question.pk).update(text=old)
    edited = Question.objects.filter(theme__questionnaire=questionnaire).exclude(
        pk=question.pk
    )[0]
    Question.objects.filter(pk=edited.pk).update(text="Wat zou je anders doen?")
    version = Questionnaire.objects.get(pk=questionnaire.pk).version

    migration.forwards(apps, None)

    assert Question.objects.get(pk=question.pk).text == new
    assert Question.objects.get(pk=edited.pk).text == "Wat zou je anders doen?"
    assert Questionnaire.objects.get(pk=questionnaire.pk).version == version + 1
