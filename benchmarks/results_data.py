"""The results page's data for ``make bench``: a trajectory with many responses.

``benchmarks/run.py`` measures the results page (``/trajecten/<pk>/resultaten/``,
with the perspective table) and the slides of a trajectory with thousands of
responses. Submitting them one by one would take minutes, so they are written
straight into the tables with PostgreSQL's COPY: one COPY for the responses,
one for their answers (about 300,000 rows for 5,000 responses in a few
seconds).

The responses are what a real trajectory would hold: every perspective, in
proportions that keep every group well above the small-group threshold (so
nothing on the page is suppressed and every number is computed and drawn),
each respondent answering every statement and open question of their role
(pleegouders and professionals about 70, children about 25-30; about 59 on
average), Likert answers that differ per role and theme, some "weet ik niet".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

# Per 100 respondents. At 100 responses the smallest group has 7 (threshold 5).
ROLE_MIX = {
    "pleegouder": 40,
    "professional": 30,
    "ouder": 8,
    "pleegkind": 8,
    "eigen_kind": 7,
    "beleidsmaker": 7,
}
# Weights of the answers 0 ("weet ik niet") and 1..5, from negative to positive.
PROFILES = (
    (6, 30, 30, 20, 10, 4),
    (6, 14, 24, 28, 20, 8),
    (6, 6, 12, 26, 34, 16),
    (6, 3, 6, 16, 40, 29),
    (6, 2, 3, 8, 32, 55),
)
# Each role's usual profile; a theme moves it one step up or down at random.
ROLE_PROFILE = {
    "pleegouder": 2,
    "professional": 3,
    "ouder": 1,
    "pleegkind": 3,
    "eigen_kind": 2,
    "beleidsmaker": 3,
}
OPEN_TEXTS = (
    "Het contact met de pleegzorgbegeleider gaat goed.",
    "Meer tijd voor overleg zou helpen.",
    "We voelen ons gehoord.",
    "De informatie kwam soms laat.",
    "Ik weet niet altijd bij wie ik terecht kan.",
)
AGE_BANDS = ("8-11", "12-15", "16-17", "18+")


def role_pattern() -> list[str]:
    """The roles of 100 consecutive responses, shuffled once (deterministic)."""
    pattern = [role for role, n in ROLE_MIX.items() for _ in range(n)]
    random.Random(5).shuffle(pattern)
    return pattern


class ResponseWriter:
    """Appends responses with all their answers to one questionnaire by COPY."""

    def __init__(self, questionnaire, trajectory):
        from surveys.models import Question
        from surveys.structure import structure_for

        self.questionnaire = questionnaire
        self.municipalities = list(
            trajectory.municipalities.values_list("pk", flat=True)
        )
        self.pattern = role_pattern()
        self.written = 0
        self.rng = random.Random(11)
        structure = structure_for(questionnaire)
        kinds = (Question.Kind.LIKERT, Question.Kind.OPEN)
        # Per role: (question id, is Likert, answer weights) for every question
        # asked of that role.
        self.questions: dict[str, list[tuple[int, bool, tuple[int, ...]]]] = {}
        for role in ROLE_MIX:
            rows = []
            for theme in structure.themes_for(role):
                shift = self.rng.choice((-1, 0, 0, 1))
                profile = min(max(ROLE_PROFILE[role] + shift, 0), len(PROFILES) - 1)
                rows.extend(
                    (q.id, q.kind == Question.Kind.LIKERT, PROFILES[profile])
                    for q in theme.questions_for(role)
                    if q.kind in kinds
                )
            self.questions[role] = rows

    def answers_per_response(self) -> float:
        total = sum(len(self.questions[role]) * n for role, n in ROLE_MIX.items())
        return total / sum(ROLE_MIX.values())

    def add(self, count: int) -> int:
        """Write ``count`` more responses; return the number of answers written."""
        from django.db import connection
        from django.db import transaction

        from surveys.models import Answer
        from surveys.models import Response

        rng = self.rng
        today = dt.date.today()  # noqa: DTZ011 - a date column, no time zone
        values = range(6)
        answers = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [Response._meta.db_table, count],
            )
            ids = [row[0] for row in cursor.fetchall()]
            roles = [
                self.pattern[(self.written + i) % len(self.pattern)]
                for i in range(count)
            ]
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(
                f"COPY {Response._meta.db_table} (id, questionnaire_id, role, "
                "other_roles, municipality_id, age_band, foster_type, care_types, "
                "submitted_on, submission_key) FROM STDIN"
            ) as copy:
                for index, (pk, role) in enumerate(zip(ids, roles, strict=True)):
                    number = self.written + index
                    copy.write_row(
                        (
                            pk,
                            self.questionnaire.pk,
                            role,
                            "[]",
                            rng.choice(self.municipalities),
                            rng.choice(AGE_BANDS[:3])
                            if role in ("pleegkind", "eigen_kind")
                            else "",
                            rng.choice(("netwerk", "bestand"))
                            if role == "pleegouder"
                            else "",
                            '["voltijd"]' if role == "pleegouder" else "[]",
                            today - dt.timedelta(days=number % 28),
                            hashlib.sha256(
                                f"results-{self.questionnaire.pk}-{number}".encode()
                            ).hexdigest(),
                        )
                    )
            with raw.copy(
                f"COPY {Answer._meta.db_table} "
                "(response_id, question_id, number, choice, text) FROM STDIN"
            ) as copy:
                for pk, role in zip(ids, roles, strict=True):
                    for question_id, likert, weights in self.questions[role]:
                        if likert:
                            number = rng.choices(values, weights)[0]
                            copy.write_row((pk, question_id, number, "", ""))
                        else:
                            text = rng.choice(OPEN_TEXTS)
                            copy.write_row((pk, question_id, None, "", text))
                        answers += 1
        self.written += count
        return answers


def nothing_suppressed(questionnaire) -> bool:
    """Whether every role and every statement figure is shown (none hidden)."""
    from surveys.results.stats import survey_results

    results = survey_results(questionnaire=questionnaire)
    return not results.hidden_roles and not any(
        cell.hidden
        for theme in results.themes
        for question in theme.questions
        for cell in question.cells.values()
    )
