"""The answers of a questionnaire counted in one statement (PostgreSQL).

``stats.survey_results`` needs three things from the answers: the Likert
answers per question, role and scale point; the non-empty open answers per
question and role; and per theme and role the respondents who answered at
least one of its statements. While a survey is open only the published
answers count (``queries._answers``): per statement and role the first
``cut = n - n % step`` answers in the order of the responses.

The ORM form of that rule (a window over every answer, ordered per statement
and role) sorts all answers, twice per page. This statement reaches the same
numbers without sorting them:

* two hash passes over the answers count everything: ``totals`` per
  question, role and scale point, ``answered`` per response the themes it
  answered, as a bit string (no distinct count over the answers);
* what is not published is the *tail* of each statement and role: its last
  ``n % step`` answers, at most ``step - 1`` of them (all of them when
  ``n < step``). The tail lies among the role's latest responses; those are
  read through the response index (``recent``: the last ``RECENT`` responses
  of each role) and ranked there. A statement whose tail reaches further
  back (answered by few of the latest respondents) is ranked over all its
  answers (``deep``); that part runs only when such a statement exists;
* published = totals minus the tail, and the theme bits of a response with
  answers in a tail are counted again without them.

Closed surveys (exact figures) pass ``step`` 1: no tail, the two passes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

# Latest responses per role read to find the tails: enough for a statement
# answered at least ``n % step`` times among them; any other is ranked over
# all its answers.
RECENT = 20

SQL = """
WITH response AS NOT MATERIALIZED (
    SELECT id, role FROM surveys_response
    WHERE questionnaire_id = ANY(%(questionnaires)s){municipality}
), theme AS MATERIALIZED (
    SELECT id AS theme_id, (row_number() OVER (ORDER BY id) - 1)::int AS bit,
           count(*) OVER () AS themes
    FROM surveys_theme WHERE questionnaire_id = ANY(%(questionnaires)s)
), question AS MATERIALIZED (
    SELECT q.id AS question_id, t.theme_id, t.bit,
           (repeat('0', t.bit) || '1' || repeat('0', (t.themes - t.bit - 1)::int))::varbit
               AS mask
    FROM surveys_question q JOIN theme t ON t.theme_id = q.theme_id
), totals AS MATERIALIZED (
    SELECT a.question_id, r.role, a.number,
           count(*) AS n, count(*) FILTER (WHERE a.text <> '') AS texts
    FROM surveys_answer a JOIN response r ON r.id = a.response_id
    WHERE a.number IS NOT NULL OR a.text <> ''
    GROUP BY a.question_id, r.role, a.number
), answered AS MATERIALIZED (
    SELECT a.response_id, r.role,
           bit_or(q.mask) AS answered,
           bit_or(q.mask) FILTER (WHERE a.number >= 1) AS on_scale
    FROM surveys_answer a
    JOIN response r ON r.id = a.response_id
    JOIN question q ON q.question_id = a.question_id
    WHERE a.number IS NOT NULL
    GROUP BY a.response_id, r.role
), cell AS MATERIALIZED (
    SELECT question_id, role, sum(n) %% %(step)s AS rest
    FROM totals
    WHERE number IS NOT NULL
    GROUP BY question_id, role
), recent AS MATERIALIZED (
    SELECT a.question_id, r.role, a.response_id, a.number,
           row_number() OVER (
               PARTITION BY a.question_id, r.role ORDER BY a.response_id DESC
           ) AS from_end
    FROM (SELECT DISTINCT role FROM response WHERE %(step)s > 1) roles
    CROSS JOIN LATERAL (
        SELECT id, role FROM response
        WHERE role = roles.role ORDER BY id DESC LIMIT %(recent)s
    ) r
    JOIN surveys_answer a ON a.response_id = r.id
    WHERE a.number IS NOT NULL
), deep AS MATERIALIZED (
    SELECT c.question_id, c.role, c.rest
    FROM cell c
    LEFT JOIN (
        SELECT question_id, role, count(*) AS n FROM recent GROUP BY question_id, role
    ) x ON x.question_id = c.question_id AND x.role = c.role
    WHERE c.rest > coalesce(x.n, 0)
), tail AS MATERIALIZED (
    SELECT x.question_id, x.role, x.response_id, x.number
    FROM recent x JOIN cell c ON c.question_id = x.question_id AND c.role = x.role
    WHERE x.from_end <= c.rest
      AND NOT EXISTS (
          SELECT 1 FROM deep d WHERE d.question_id = x.question_id AND d.role = x.role
      )
    UNION ALL
    SELECT question_id, role, response_id, number FROM (
        SELECT a.question_id, r.role, a.response_id, a.number, d.rest,
               row_number() OVER (
                   PARTITION BY a.question_id, r.role ORDER BY a.response_id DESC
               ) AS from_end
        FROM surveys_answer a
        JOIN response r ON r.id = a.response_id
        JOIN deep d ON d.question_id = a.question_id AND d.role = r.role
        WHERE a.number IS NOT NULL AND EXISTS (SELECT 1 FROM deep)
    ) ranked
    WHERE from_end <= rest
), refigured AS (
    SELECT a.response_id, min(t.role) AS role,
           bit_or(q.mask) AS answered,
           bit_or(q.mask) FILTER (WHERE a.number >= 1) AS on_scale
    FROM (SELECT DISTINCT response_id, role FROM tail) t
    JOIN surveys_answer a ON a.response_id = t.response_id
    JOIN question q ON q.question_id = a.question_id
    WHERE a.number IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM tail x
          WHERE x.response_id = a.response_id AND x.question_id = a.question_id
      )
    GROUP BY a.response_id
), respondent AS (
    SELECT role, answered, on_scale FROM answered
    WHERE response_id NOT IN (SELECT response_id FROM tail)
    UNION ALL
    SELECT role, answered, on_scale FROM refigured
), tail_count AS (
    SELECT question_id, role, number, count(*) AS n FROM tail
    GROUP BY question_id, role, number
)
SELECT 'likert', t.question_id, t.role, t.number, t.n - coalesce(x.n, 0), 0
FROM totals t
LEFT JOIN tail_count x
  ON x.question_id = t.question_id AND x.role = t.role AND x.number = t.number
WHERE t.number IS NOT NULL AND t.n > coalesce(x.n, 0)
UNION ALL
SELECT 'open', question_id, role, NULL, texts, 0 FROM totals
WHERE number IS NULL AND texts > 0
UNION ALL
SELECT 'theme', th.theme_id, p.role, NULL,
       count(*) FILTER (WHERE get_bit(p.on_scale, th.bit) = 1),
       count(*) FILTER (WHERE get_bit(p.answered, th.bit) = 1)
FROM respondent p CROSS JOIN theme th
WHERE p.answered IS NOT NULL
GROUP BY th.theme_id, p.role
"""


def published_counts(
    *, questionnaire_ids: Iterable[int], municipality_id: int | None, step: int
) -> tuple[
    dict[tuple[int, str], dict[int, int]],
    dict[tuple[int, str], int],
    dict[tuple[int, str], tuple[int, int]],
]:
    """Likert answers, open answers and theme respondents, as ``queries`` counts them.

    Per (question, role): the published Likert answers per scale point (0:
    "weet ik niet"), and the non-empty open answers. Per (theme, role): the
    respondents with a published answer on the scale, and with any published
    Likert answer. ``step`` 1: every answer (a closed survey); otherwise only
    what is published while the survey is open. Counts of people are not
    rounded to whole steps here.
    """
    params = {
        "questionnaires": list(questionnaire_ids),
        "municipality": municipality_id,
        "step": step,
        "recent": RECENT,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            SQL.format(
                municipality=""
                if municipality_id is None
                else " AND municipality_id = %(municipality)s"
            ),
            params,
        )
        rows = cursor.fetchall()
    likert: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    open_counts: dict[tuple[int, str], int] = {}
    themes: dict[tuple[int, str], tuple[int, int]] = {}
    for kind, key, role, number, first, second in rows:
        if kind == "likert":
            likert[(key, role)][number] = first
        elif kind == "open":
            open_counts[(key, role)] = first
        elif second:
            themes[(key, role)] = (first, second)
    return likert, open_counts, themes
