"""What the results point at: topic suggestions and comparisons.

Built on the protected results of ``results_read``: every figure used here is
one that may be shown (suppressed cells are left out), and comparisons with
other trajectories only use groups large enough that no other region's
figures can be worked out.

``suggest_topics`` is the public entry for other apps (the meeting's voting
longlist): it takes a questionnaire and returns the ranked themes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from django.db.models import Count
from django.db.models import Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.protection import threshold
from regions.models import ParticipantRole
from regions.models import Trajectory

from ..models import Answer
from ..models import Question
from ..models import Questionnaire
from .bands import Band
from .bands import score_band
from .bands import shown_score
from .figures import ALL
from .figures import Results
from .figures import ThemeResult
from .read import ResultsFilters
from .read import ResultsRead
from .read import results_read
from .themes import SHOWN
from .themes import ThemeRead

# How much each signal weighs in the attention score (0-100 each).
WEIGHT_LOW_SCORE = 0.5
WEIGHT_COULD_BE_BETTER = 0.2
WEIGHT_SPREAD = 0.3
# Other trajectories a national figure must pool, so that no single other
# region's figures can be worked out from it.
MIN_OTHER_TRAJECTORIES = 3


@dataclass
class TopicSuggestion:
    """A theme with the one score the results table shows for everyone.

    ``score`` and ``band`` are those of the table's "Iedereen" cell, and
    ``different`` is the table's "verschil tussen rollen" badge: one rule for
    both pages (``bands``). ``attention`` only orders the list.
    """

    theme: ThemeResult
    score: int
    band: Band
    different: bool
    attention: float
    reasons: list[str] = field(default_factory=list)


ROLE_PLURALS: dict[str, Any] = {
    ParticipantRole.PLEEGOUDER: gettext_lazy("pleegouders"),
    ParticipantRole.PLEEGKIND: gettext_lazy("pleegkinderen"),
    ParticipantRole.EIGEN_KIND: gettext_lazy("eigen kinderen"),
    ParticipantRole.OUDER: gettext_lazy("ouders"),
    ParticipantRole.PROFESSIONAL: gettext_lazy("professionals"),
    ParticipantRole.BELEIDSMAKER: gettext_lazy("beleidsmakers"),
}


def _role_label(role: str) -> str:
    return str(ROLE_PLURALS.get(role, role))


def _difference_reason(theme: ThemeRead) -> str:
    scores = {
        c.group: c.raw_score
        for c in theme.cells
        if c.group != ALL and c.state == SHOWN and c.raw_score is not None
    }
    high = max(scores, key=lambda role: scores[role])
    low = min(scores, key=lambda role: scores[role])
    return _(
        "De scores van %(low)s en %(high)s liggen %(points)d punten uit elkaar."
    ) % {
        "low": _role_label(low),
        "high": _role_label(high),
        "points": round(theme.spread or 0),
    }


def topic_suggestions(
    read: ResultsRead, *, limit: int | None = None
) -> list[TopicSuggestion]:
    """Themes ranked by how much they need attention, each with its reasons.

    Built on the themes of the results table (``read.themes``), so a topic's
    score, its band and its "verschil tussen rollen" are the table's. Three
    signals order the list, each on a 0-100 scale: a low score for everyone,
    a large share of respondents who wrote what could be better, and a large
    difference between roles. Themes without a shown score for everyone are
    left out.
    """
    results = read.results
    by_key = {t.theme.key: t for t in results.themes}
    suggestions: list[TopicSuggestion] = []
    for theme_read in read.themes:
        everyone = next((c for c in theme_read.cells if c.group == ALL), None)
        if everyone is None or everyone.state != SHOWN or everyone.raw_score is None:
            continue
        theme = by_key[theme_read.key]
        raw = everyone.raw_score
        band = score_band(raw)
        reasons = []
        if band.low_score:
            reasons.append(
                _("%(band)s voor iedereen.") % {"band": capfirst(str(band.word))}
            )
        answered = theme.respondents.get(ALL, 0)
        could_be_better = theme.open_by_kind.get(Question.OpenKind.COULD_BE_BETTER, 0)
        better_share = 100 * could_be_better / answered if answered else 0.0
        if could_be_better >= threshold() and better_share >= 20:
            reasons.append(
                _("%(count)d mensen schreven op wat beter kan.")
                % {"count": could_be_better}
            )
        if theme_read.different:
            reasons.append(_difference_reason(theme_read))
        if not reasons:
            reasons.append(_("Geen opvallend signaal."))
        spread = theme_read.spread or 0.0
        attention = (
            WEIGHT_LOW_SCORE * (100 - raw)
            + WEIGHT_COULD_BE_BETTER * min(better_share, 100.0)
            + WEIGHT_SPREAD * min(spread, 100.0)
        )
        suggestions.append(
            TopicSuggestion(
                theme=theme,
                score=shown_score(raw),
                band=band,
                different=theme_read.different,
                attention=attention,
                reasons=reasons,
            )
        )
    suggestions.sort(key=lambda s: s.attention, reverse=True)
    return suggestions[:limit] if limit else suggestions


def suggest_topics(
    *, questionnaire: Questionnaire | None, limit: int | None = None
) -> list[TopicSuggestion]:
    """The themes of a questionnaire ranked by how much they need attention.

    The public entry for other apps: reads the protected results (no
    filters) and ranks them as ``topic_suggestions`` does. No questionnaire,
    or no shown figure, gives an empty list.
    """
    read = results_read(questionnaire=questionnaire, filters=ResultsFilters())
    return topic_suggestions(read, limit=limit)


@dataclass
class ThemeComparison:
    key: str
    theme: ThemeResult
    own: float | None
    national: float | None
    previous: float | None


def _theme_sums(
    questionnaire_ids: list[int] | None,
) -> dict[tuple[str, int], dict[str, Any]]:
    """Likert sums per (theme key, questionnaire), one GROUP BY query."""
    answers = Answer.objects.filter(
        number__gte=1, number__lte=5, question__kind=Question.Kind.LIKERT
    )
    if questionnaire_ids is not None:
        answers = answers.filter(response__questionnaire_id__in=questionnaire_ids)
    rows = (
        answers.values("question__theme__key", "response__questionnaire_id")
        .annotate(
            total=Sum("number"),
            n=Count("id"),
            respondents=Count("response_id", distinct=True),
        )
        .order_by()
    )
    return {
        (row["question__theme__key"], row["response__questionnaire_id"]): dict(row)
        for row in rows
    }


def _score(total: int, n: int) -> float | None:
    return None if not n else (total / n - 1) / 4 * 100


def previous_questionnaire(trajectory: Trajectory) -> Questionnaire | None:
    """The questionnaire of the region's most recent earlier trajectory, if any."""
    return (
        Questionnaire.objects.filter(
            trajectory__region_id=trajectory.region_id,
            trajectory__created_at__lt=trajectory.created_at,
            responses__isnull=False,
        )
        .order_by("-trajectory__created_at")
        .first()
    )


def theme_comparisons(
    results: Results, *, questionnaire: Questionnaire
) -> list[ThemeComparison]:
    """Each theme's score beside the country's and the region's previous one.

    The national figure pools every trajectory's answers, and is shown only
    when the other trajectories are at least ``MIN_OTHER_TRAJECTORIES`` with
    at least the threshold of respondents on the theme; the previous
    trajectory's only when it had enough respondents on the theme too.
    """
    sums = _theme_sums(None)
    previous = previous_questionnaire(questionnaire.trajectory)
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (key, questionnaire_id), row in sums.items():
        by_key[key].append({**row, "questionnaire_id": questionnaire_id})
    limit = threshold()
    comparisons: list[ThemeComparison] = []
    for theme in results.themes:
        everyone = theme.cells.get(ALL)
        own = None if everyone is None or everyone.hidden else everyone.score
        rows = by_key.get(theme.theme.key, [])
        others = [r for r in rows if r["questionnaire_id"] != questionnaire.pk]
        national = None
        if (
            own is not None
            and len([r for r in others if r["respondents"] > 0])
            >= MIN_OTHER_TRAJECTORIES
            and sum(r["respondents"] for r in others) >= limit
        ):
            national = _score(sum(r["total"] for r in rows), sum(r["n"] for r in rows))
        previous_score = None
        if previous is not None and own is not None:
            previous_row: dict[str, Any] | None = next(
                (r for r in rows if r["questionnaire_id"] == previous.pk), None
            )
            if previous_row and previous_row["respondents"] >= limit:
                previous_score = _score(previous_row["total"], previous_row["n"])
        comparisons.append(
            ThemeComparison(
                key=theme.theme.key,
                theme=theme,
                own=own,
                national=national,
                previous=previous_score,
            )
        )
    return comparisons
