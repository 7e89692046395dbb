"""Adult questions of the standard questionnaire say "u", as the rest of the
adult survey does (issue #11). Copies that still hold the old standard
wording get the new one; a text a coordinator edited stays as it is. Each
questionnaire changed goes up a version, so cached question sets are renewed.
"""

from django.db import migrations
from django.db.models import F

WORDING = [
    (
        "Wat kan beter bij het vinden en voorbereiden van pleeggezinnen, en bij het kiezen van een passend pleeggezin voor een kind? Wat zou je willen veranderen?",
        "Wat kan beter bij het vinden en voorbereiden van pleeggezinnen, en bij het kiezen van een passend pleeggezin voor een kind? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij de informatie en voorbereiding als een kind in een pleeggezin gaat wonen? Wat zou je willen veranderen?",
        "Wat kan beter bij de informatie en voorbereiding als een kind in een pleeggezin gaat wonen? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij de begeleiding en steun voor pleegouders? Wat zou je willen veranderen?",
        "Wat kan beter bij de begeleiding en steun voor pleegouders? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij de samenwerking tussen pleegouders en ouders? Wat zou je willen veranderen?",
        "Wat kan beter bij de samenwerking tussen pleegouders en ouders? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij het betrekken en steunen van ouders van wie het kind in een pleeggezin woont? Wat zou je willen veranderen?",
        "Wat kan beter bij het betrekken en steunen van ouders van wie het kind in een pleeggezin woont? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter voor pleegkinderen? Wat zou je willen veranderen?",
        "Wat kan beter voor pleegkinderen? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter voor de eigen kinderen van pleegouders? Wat zou je willen veranderen?",
        "Wat kan beter voor de eigen kinderen van pleegouders? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij de beslissing waar het kind opgroeit (het perspectiefbesluit)? Wat zou je willen veranderen?",
        "Wat kan beter bij de beslissing waar het kind opgroeit (het perspectiefbesluit)? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij de samenwerking tussen professionals, zoals de pleegzorgbegeleider, de jeugdbeschermer, het wijkteam en school? Wat zou je willen veranderen?",
        "Wat kan beter bij de samenwerking tussen professionals, zoals de pleegzorgbegeleider, de jeugdbeschermer, het wijkteam en school? Wat zou u willen veranderen?",
    ),
    (
        "Wat kan beter bij geld en vergoedingen voor pleegzorg? Wat zou je willen veranderen?",
        "Wat kan beter bij geld en vergoedingen voor pleegzorg? Wat zou u willen veranderen?",
    ),
    (
        "Wat gaat goed als je kijkt naar verschillen tussen gemeenten en pleegzorgaanbieders in jouw regio?",
        "Wat gaat goed als u kijkt naar verschillen tussen gemeenten en pleegzorgaanbieders in uw regio?",
    ),
    (
        "Wat kan beter als je kijkt naar verschillen tussen gemeenten en pleegzorgaanbieders in jouw regio? Wat zou je willen veranderen?",
        "Wat kan beter als u kijkt naar verschillen tussen gemeenten en pleegzorgaanbieders in uw regio? Wat zou u willen veranderen?",
    ),
    (
        "Ik weet hoe verlengde pleegzorg geregeld is (na je 18e tot je 21e in het pleeggezin blijven wonen).",
        "Ik weet hoe verlengde pleegzorg geregeld is (na het 18e jaar tot het 21e jaar in het pleeggezin blijven wonen).",
    ),
    (
        "Wat kan beter bij de overstap naar 18 jaar en bij verlengde pleegzorg (tot 21 jaar)? Wat zou je willen veranderen?",
        "Wat kan beter bij de overstap naar 18 jaar en bij verlengde pleegzorg (tot 21 jaar)? Wat zou u willen veranderen?",
    ),
    (
        "Wat pleeggezinnen en ouders zeggen, zie je terug in het beleid en de manier van werken.",
        "Wat pleeggezinnen en ouders zeggen, ziet u terug in het beleid en de manier van werken.",
    ),
    (
        "Wat gaat goed bij het meepraten over pleegzorg en pleegzorgbeleid in jouw regio?",
        "Wat gaat goed bij het meepraten over pleegzorg en pleegzorgbeleid in uw regio?",
    ),
    (
        "Wat kan beter bij het meepraten over pleegzorg en pleegzorgbeleid in jouw regio? Wat zou je willen veranderen?",
        "Wat kan beter bij het meepraten over pleegzorg en pleegzorgbeleid in uw regio? Wat zou u willen veranderen?",
    ),
]


def _reword(apps, pairs):
    Question = apps.get_model("surveys", "Question")
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    changed = set()
    for old, new in pairs:
        rows = Question.objects.filter(text=old)
        changed.update(rows.values_list("theme__questionnaire_id", flat=True))
        rows.update(text=new)
    Questionnaire.objects.filter(pk__in=changed).update(version=F("version") + 1)


def forwards(apps, schema_editor):
    _reword(apps, WORDING)


def backwards(apps, schema_editor):
    _reword(apps, [(new, old) for old, new in WORDING])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0008_age_band_labels_a_child_can_place")]

    operations = [migrations.RunPython(forwards, backwards)]
