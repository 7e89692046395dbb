"""Demo responses: a realistic, reproducible set for the demo trajectory.

The numbers are made up but shaped like a real regional survey: foster
parents are critical about how heavy it is and about money, professionals are
more positive, children mostly feel at home. About a third of the people
write a short open answer. The same seed gives the same set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from regions.models import ParticipantRole
from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Question
from surveys.models import Response
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for

DEMO_SEED = 2026
DEMO_COUNTS: Mapping[str, int] = {
    ParticipantRole.PLEEGOUDER: 25,
    ParticipantRole.PLEEGKIND: 12,
    ParticipantRole.EIGEN_KIND: 8,
    ParticipantRole.OUDER: 8,
    ParticipantRole.PROFESSIONAL: 20,
    ParticipantRole.BELEIDSMAKER: 7,
}

# Average Likert answer (1 helemaal oneens .. 5 helemaal eens) per role, and
# how each theme moves it for that role.
ROLE_MEAN = {
    "pleegouder": 3.0,
    "pleegkind": 3.7,
    "eigen_kind": 3.4,
    "ouder": 2.6,
    "professional": 3.5,
    "beleidsmaker": 3.4,
}
THEME_SHIFT = {
    "pleegouder": {
        "belasting": -1.0,
        "financien": -1.1,
        "begeleiding_pleegouders": -0.4,
        "perspectiefbepaling": -0.6,
        "samenwerking_professionals": -0.5,
        "werving_matching": 0.4,
        "eigen_kinderen": -0.3,
    },
    "pleegkind": {
        "stabiliteit": 0.4,
        "stem_pleegkind": -0.5,
        "achttien_plus": -0.9,
        "medezeggenschap": -0.6,
    },
    "eigen_kind": {"eigen_kinderen": -0.7, "belasting": -0.4, "stabiliteit": 0.3},
    "ouder": {
        "positie_ouders": -0.7,
        "samenwerking_ouders": -0.3,
        "perspectiefbepaling": -0.6,
        "informatie_plaatsing": 0.3,
    },
    "professional": {
        "werving_matching": -1.0,
        "financien": -0.5,
        "begeleiding_pleegouders": 0.3,
        "eigen_kinderen": -0.6,
    },
    "beleidsmaker": {
        "werving_matching": -0.3,
        "verschillen_gemeenten": -0.8,
        "medezeggenschap": 0.4,
        "financien": 0.2,
    },
}
DONT_KNOW = {
    "pleegouder": 0.05,
    "pleegkind": 0.10,
    "eigen_kind": 0.12,
    "ouder": 0.07,
    "professional": 0.04,
    "beleidsmaker": 0.14,
}
SKIP = 0.05
OPEN_SHARE = 0.35

# Short open answers per theme: (what goes well, what could be better).
# Who could have written each answer: PO pleegouder, PK pleegkind, EK eigen
# kind, O ouder, PR professional, B beleidsmaker. Each text is used once.
OPEN_ANSWERS = {
    "werving_matching": (
        [
            ("De voorbereidingscursus was heel fijn en eerlijk.", "PO"),
            ("De campagne in de regio levert echt nieuwe aanmeldingen op.", "PR B"),
            ("Bij de matching werd goed naar ons gezin gekeken.", "PO"),
            ("Ik mocht eerst een keer komen kijken voordat ik er ging wonen.", "PK"),
        ],
        [
            ("Er zijn veel te weinig pleeggezinnen voor tieners.", "PR B PO"),
            ("De screening duurde lang, we hoorden maanden niets.", "PO"),
            ("Bij een spoedplaatsing is er geen tijd om goed te matchen.", "PR"),
            ("Ik kende het gezin niet toen ik er ging wonen.", "PK"),
        ],
    ),
    "informatie_plaatsing": (
        [
            ("De pleegzorgbegeleider belde de eerste week elke dag.", "PO"),
            ("Ik wist van tevoren bij wie ik ging wonen.", "PK"),
            ("We kregen een map met alles over ons pleegkind.", "PO"),
        ],
        [
            ("We kregen het dossier pas na de plaatsing.", "PO"),
            ("Belangrijke informatie over gedrag werd niet verteld.", "PO"),
            ("Niemand legde mij uit waarom mijn kind ergens anders ging wonen.", "O"),
            ("Mijn ouders wisten niet dat er een pleegkind kwam.", "EK"),
        ],
    ),
    "begeleiding_pleegouders": (
        [
            ("Onze begeleider is betrokken en snel bereikbaar.", "PO"),
            ("De lotgenotenavonden geven veel steun.", "PO"),
            ("Pleegouders kunnen bij ons altijd een coach bellen.", "PR"),
        ],
        [
            ("In het weekend en 's avonds is er niemand bereikbaar.", "PO"),
            ("Respijtzorg is bijna niet te krijgen.", "PO PR"),
            ("Steeds een nieuwe begeleider, we moeten alles opnieuw vertellen.", "PO"),
            ("Mijn caseload is te groot om pleegouders goed te steunen.", "PR"),
        ],
    ),
    "belasting": (
        [
            ("Het gezin van mijn zus helpt als het even niet gaat.", "PO"),
            ("We worden gezien als we aangeven dat het zwaar is.", "PO"),
        ],
        [
            ("Het is zwaarder dan ik dacht. Soms kan ik het niet meer aan.", "PO"),
            ("Er is pas hulp als het al mis is gegaan.", "PO PR"),
            ("Mijn eigen kinderen komen tekort.", "PO"),
            ("Mama heeft soms geen tijd meer voor mij.", "EK"),
        ],
    ),
    "samenwerking_ouders": (
        [
            ("Het contact met de moeder gaat nu veel beter.", "PO"),
            ("De omgangsafspraken zijn duidelijk en worden nagekomen.", "PO O PR"),
            ("Ik zie mijn moeder elke week, dat is fijn.", "PK"),
        ],
        [
            ("Bij ruzie over de omgang staan we er alleen voor.", "PO"),
            ("Ik wil mijn vader vaker zien.", "PK"),
            ("Afspraken worden op het laatste moment veranderd.", "O PO"),
        ],
    ),
    "positie_ouders": (
        [
            ("De gezinsvoogd neemt de tijd om alles uit te leggen.", "O"),
            ("We betrekken ouders nu vanaf het eerste gesprek.", "PR"),
        ],
        [
            ("Als ouder word je niet gehoord, alles wordt over je besloten.", "O"),
            ("Er is geen hulp voor mij zelf na de uithuisplaatsing.", "O"),
            ("Ik krijg geen foto's en hoor weinig over school.", "O"),
            ("Voor ouders is er in de regio geen eigen ondersteuning.", "PR B"),
        ],
    ),
    "stem_pleegkind": (
        [
            ("Mijn pleegouders luisteren echt naar mij.", "PK"),
            ("Het kind heeft een vaste vertrouwenspersoon.", "PR PO"),
        ],
        [
            ("Ze praten over mij maar niet met mij.", "PK"),
            ("Ik weet niet wie ik kan bellen als er iets is.", "PK"),
            ("Kinderen worden te weinig betrokken bij het plan.", "PR PO O"),
        ],
    ),
    "eigen_kinderen": (
        [
            ("We praten thuis veel over hoe het met iedereen gaat.", "EK PO"),
            ("Er was een leuke dag voor kinderen uit pleeggezinnen.", "EK"),
        ],
        [
            ("Niemand vraagt hoe het met mij gaat.", "EK"),
            ("Het was moeilijk toen ons pleegkind ineens wegging.", "EK"),
            ("Er is weinig aandacht voor de eigen kinderen.", "PO PR"),
        ],
    ),
    "perspectiefbepaling": (
        [
            ("Na een jaar was duidelijk waar het kind opgroeit.", "PO PR"),
        ],
        [
            ("Het duurt te lang voordat er een besluit is.", "PO O PR"),
            ("Wij weten al twee jaar niet waar we aan toe zijn.", "PO"),
            ("Ik weet niet of ik ooit weer thuis ga wonen.", "PK"),
        ],
    ),
    "stabiliteit": (
        [
            ("Ik woon hier al vier jaar en voel me thuis.", "PK"),
            ("Door snelle hulp kon de plaatsing doorgaan.", "PO PR"),
        ],
        [
            ("Ik ben al vaak verhuisd, ik wil nu blijven.", "PK"),
            ("Er is geen nazorg als een plaatsing stopt.", "PO PR"),
        ],
    ),
    "samenwerking_professionals": (
        [
            ("De gezinsvoogd en de pleegzorgwerker werken goed samen.", "PO PR"),
            ("Er is één vast aanspreekpunt.", "PO O"),
        ],
        [
            ("Het is niet duidelijk wie waarover beslist.", "PO O"),
            ("Te veel wisselingen van hulpverleners.", "PO O PK"),
            ("Informatie komt niet aan bij de andere organisatie.", "PR"),
        ],
    ),
    "financien": (
        [
            ("De vergoeding wordt op tijd betaald.", "PO"),
            ("Met de aanbieders hebben we heldere tarieven afgesproken.", "B"),
        ],
        [
            ("De vergoeding is te laag voor de extra kosten.", "PO"),
            ("Veel papierwerk voor bijzondere kosten, en het duurt lang.", "PO"),
            ("Onduidelijk of de gemeente of de aanbieder betaalt.", "PO PR B"),
        ],
    ),
    "verschillen_gemeenten": (
        [
            ("De regio heeft afspraken gemaakt over één loket.", "B PR"),
        ],
        [
            ("Elke gemeente heeft andere regels.", "PR B PO"),
            ("In de ene gemeente krijg je wel hulp, in de andere niet.", "PO PR"),
        ],
    ),
    "achttien_plus": (
        [
            ("Verlengde pleegzorg tot 21 is goed geregeld.", "PO PR B"),
        ],
        [
            ("Ik weet niet wat er gebeurt als ik 18 word.", "PK"),
            ("De overgang naar volwassen hulp is een gat.", "PR PO"),
        ],
    ),
    "medezeggenschap": (
        [
            ("De pleegouderraad wordt serieus genomen.", "PO"),
            ("Ik heb mijn mening kunnen geven in een gesprek met de gemeente.", "PO O"),
        ],
        [
            ("We horen nooit wat er met onze mening is gedaan.", "PO O"),
            ("Kinderen worden niet gevraagd wat zij ervan vinden.", "PK EK"),
        ],
    ),
}
ROLE_TAGS = {
    "PO": "pleegouder",
    "PK": "pleegkind",
    "EK": "eigen_kind",
    "O": "ouder",
    "PR": "professional",
    "B": "beleidsmaker",
}

AGE_BANDS = {
    "pleegkind": ([Response.AgeBand.UNDER_12, Response.AgeBand.FROM_12,
                   Response.AgeBand.FROM_16, Response.AgeBand.ADULT], [2, 4, 3, 2]),
    "eigen_kind": ([Response.AgeBand.UNDER_12, Response.AgeBand.FROM_12,
                    Response.AgeBand.FROM_16, Response.AgeBand.ADULT], [3, 4, 2, 1]),
}  # fmt: skip


def _open_answer(
    rng: random.Random, role: str, theme_key: str, question, used: set[str]
) -> str:
    """A text this role could have written, never one given before."""
    good, better = OPEN_ANSWERS.get(theme_key, ([], []))
    pool = good if question.open_kind == Question.OpenKind.WENT_WELL else better
    fitting = [
        text
        for text, tags in pool
        if text not in used and role in {ROLE_TAGS[tag] for tag in tags.split()}
    ]
    if not fitting or rng.random() >= 0.7:
        return ""
    text = rng.choice(fitting)
    used.add(text)
    return text


def _likert(rng: random.Random, role: str, theme_key: str) -> int:
    if rng.random() < DONT_KNOW[role]:
        return Answer.DONT_KNOW
    mean = ROLE_MEAN[role] + THEME_SHIFT.get(role, {}).get(theme_key, 0.0)
    return max(1, min(5, round(rng.gauss(mean, 0.95))))


def _municipality(rng: random.Random, municipalities: list, weights: list[float]):
    if not municipalities or rng.random() < 0.1:
        return None  # "zeg ik liever niet"
    return rng.choices(municipalities, weights=weights)[0]


def _context(rng: random.Random, role: str) -> dict:
    context: dict = {
        "age_band": "",
        "foster_type": "",
        "care_types": [],
        "other_roles": [],
    }
    if role in AGE_BANDS:
        bands, weights = AGE_BANDS[role]
        context["age_band"] = rng.choices(bands, weights=weights)[0]
    if role == ParticipantRole.PLEEGOUDER:
        context["foster_type"] = rng.choices(
            [
                Response.FosterType.NETWERK,
                Response.FosterType.BESTAND,
                Response.FosterType.BOTH,
            ],
            weights=[5, 6, 1],
        )[0]
        care = rng.choices(
            [["voltijd"], ["deeltijd"], ["voltijd", "deeltijd"], ["crisis"]],
            weights=[14, 5, 2, 2],
        )[0]
        context["care_types"] = care
        if rng.random() < 0.1:
            context["other_roles"] = [ParticipantRole.PROFESSIONAL.value]
    if role == ParticipantRole.PROFESSIONAL and rng.random() < 0.1:
        context["other_roles"] = [ParticipantRole.PLEEGOUDER.value]
    return context


@transaction.atomic
def demo_responses(
    *,
    trajectory: Trajectory,
    counts: Mapping[str, int] | None = None,
    seed: int = DEMO_SEED,
) -> int:
    """Fill the trajectory's survey with demo responses; return how many.

    Does nothing (returns 0) when the survey already has responses, so the
    demo seed can run again. Writes with bulk inserts, not through
    ``survey_submit_pending``: the demo must also work when the survey period is over.
    """
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    if Response.objects.filter(questionnaire=questionnaire).exists():
        return 0
    counts = counts if counts is not None else DEMO_COUNTS
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    structure = structure_for(questionnaire)
    municipalities = sorted(trajectory.municipalities.all(), key=lambda m: m.code)
    weights = [
        6.0 if m.name == "Nijmegen" else rng.uniform(0.6, 2.5) for m in municipalities
    ]
    today = timezone.localdate()
    first_day = trajectory.survey_opens_on or today - dt.timedelta(days=14)
    first_day = min(first_day, today)
    days = max((today - first_day).days, 0)

    respondents = [
        str(role) for role, number in counts.items() for _index in range(number)
    ]
    rng.shuffle(respondents)
    responses: list[Response] = []
    used_texts: set[str] = set()
    answers_per_response: list[list[Answer]] = []
    for index, role in enumerate(respondents):
        context = _context(rng, role)
        municipality = _municipality(rng, municipalities, weights)
        responses.append(
            Response(
                questionnaire=questionnaire,
                role=role,
                other_roles=context["other_roles"],
                municipality=municipality,
                age_band=context["age_band"],
                foster_type=context["foster_type"],
                care_types=context["care_types"],
                submitted_on=first_day + dt.timedelta(days=rng.randint(0, days)),
                submission_key=hashlib.sha256(
                    f"demo-{questionnaire.pk}-{seed}-{index}".encode()
                ).hexdigest(),
            )
        )
        writes_open = rng.random() < OPEN_SHARE
        themes = structure.themes_for(role)
        open_themes = (
            set(
                rng.sample(
                    [t.key for t in themes], k=min(len(themes), rng.randint(1, 3))
                )
            )
            if writes_open
            else set()
        )
        rows = []
        for theme in themes:
            for question in theme.questions_for(role):
                if question.kind == Question.Kind.LIKERT:
                    if rng.random() < SKIP:
                        continue
                    rows.append(
                        Answer(
                            question_id=question.id,
                            number=_likert(rng, role, theme.key),
                        )
                    )
                elif question.kind == Question.Kind.OPEN and theme.key in open_themes:
                    text = _open_answer(rng, role, theme.key, question, used_texts)
                    if text:
                        rows.append(Answer(question_id=question.id, text=text))
                elif question.kind == Question.Kind.SINGLE and question.choices:
                    rows.append(
                        Answer(
                            question_id=question.id,
                            choice=rng.choice(question.choices)[0],
                        )
                    )
                elif question.kind == Question.Kind.MULTIPLE and question.choices:
                    picked = rng.sample(
                        question.choices,
                        k=rng.randint(1, min(2, len(question.choices))),
                    )
                    rows.extend(
                        Answer(question_id=question.id, choice=c[0]) for c in picked
                    )
        answers_per_response.append(rows)

    created = Response.objects.bulk_create(responses)
    if not all(response.pk for response in created):  # SQLite before 3.35
        by_key = dict(
            Response.objects.filter(questionnaire=questionnaire).values_list(
                "submission_key", "pk"
            )
        )
        for response in created:
            response.pk = by_key[response.submission_key]
    answers = []
    for response, rows in zip(created, answers_per_response, strict=True):
        for row in rows:
            row.response_id = response.pk
            answers.append(row)
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(created)


# One worrying answer, so the demo shows the safety flag to trajectory staff.
DEMO_UNSAFE_TEXT = (
    "Soms word ik thuis geslagen als ik te laat ben. Ik durf het niet te zeggen."
)


@transaction.atomic
def demo_reviews(*, trajectory: Trajectory, reviewer) -> int:
    """Review the demo's open answers as a facilitator would; return how many.

    Most are approved, some edited (a detail taken out), a few hidden, some
    left for the facilitator to do, and one worrying answer is flagged.
    Does nothing when any answer of the trajectory was reviewed already.
    """
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    answers = list(
        Answer.objects.filter(
            response__questionnaire=questionnaire, question__kind=Question.Kind.OPEN
        )
        .exclude(text="")
        .select_related("response", "question")
        .order_by("pk")
    )
    if not answers or OpenAnswerReview.objects.filter(answer__in=answers).exists():
        return 0
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data
    now = timezone.now()
    reviews = []
    for answer in answers:
        draw = rng.random()
        if draw < 0.15:
            continue  # left for the facilitator
        if draw < 0.75:
            status, edited = OpenAnswerReview.Status.APPROVED, ""
        elif draw < 0.9:
            status = OpenAnswerReview.Status.EDITED
            edited = answer.text.split(".")[0].strip() + "."
        else:
            status, edited = OpenAnswerReview.Status.HIDDEN, ""
        reviews.append(
            OpenAnswerReview(
                answer=answer,
                status=status,
                edited_text=edited,
                reviewed_by=reviewer,
                reviewed_at=now,
            )
        )
    # The worrying answer: a child's, flagged as survey_submit_pending would flag it.
    child_answer = next(
        (
            a
            for a in answers
            if a.response.role in ParticipantRole.child_roles()
            and a.question.open_kind == Question.OpenKind.COULD_BE_BETTER
        ),
        None,
    )
    if child_answer is not None:
        child_answer.text = DEMO_UNSAFE_TEXT
        child_answer.save(update_fields=["text"])
        reviews = [r for r in reviews if r.answer_id != child_answer.pk]
        reviews.append(
            OpenAnswerReview(answer=child_answer, unsafe=True, auto_flagged=True)
        )
    OpenAnswerReview.objects.bulk_create(reviews)
    return len(reviews)
