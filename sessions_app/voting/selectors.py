"""Every non-trivial read of the longlist and the voting rounds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from core.db import prepared_fetchone
from core.protection import suppress
from core.protection import threshold
from regions.models import ParticipantRole
from regions.models import Trajectory

from .models import ROLE_UNSAID
from .models import Topic
from .models import Voter
from .models import VotingRound

TALLY_CACHE_SECONDS = 1


# The survey's suggestions, through one adapter ------------------------------


@dataclass(frozen=True)
class SurveySuggestion:
    theme_key: str
    title: str
    reasons: list[str]
    results_url: str


def survey_topic_suggestions(*, trajectory: Trajectory) -> list[SurveySuggestion]:
    """The results' topic suggestions for the trajectory, as plain values.

    The only place that knows where the survey keeps its suggestions: when
    they move (surveys/results/), only these imports change.
    """
    from surveys.results import questionnaire_of
    from surveys.results import suggest_topics

    questionnaire = questionnaire_of(trajectory)
    base = reverse("surveys:results", kwargs={"pk": trajectory.pk})
    return [
        SurveySuggestion(
            theme_key=suggestion.theme.theme.key,
            title=suggestion.theme.theme.title,
            reasons=[str(reason) for reason in suggestion.reasons],
            results_url=f"{base}#thema-{suggestion.theme.theme.key}",
        )
        for suggestion in suggest_topics(questionnaire=questionnaire)
    ]


def theme_results_url(topic: Topic) -> str:
    if not topic.theme_key:
        return ""
    base = reverse("surveys:results", kwargs={"pk": topic.trajectory_id})
    return f"{base}#thema-{topic.theme_key}"


# Longlist --------------------------------------------------------------------


@dataclass
class Longlist:
    accepted: list[Topic]
    pending: list[Topic]


def longlist(*, trajectory: Trajectory) -> Longlist:
    """The trajectory's topics on the list and waiting for a decision; one query."""
    topics = list(
        Topic.objects.filter(
            trajectory=trajectory,
            status__in=[Topic.Status.ACCEPTED, Topic.Status.PENDING],
        ).prefetch_related("merged_topics")
    )
    for topic in topics:
        topic.results_url = theme_results_url(topic)  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
    return Longlist(
        accepted=[t for t in topics if t.status == Topic.Status.ACCEPTED],
        pending=[t for t in topics if t.status == Topic.Status.PENDING],
    )


def rounds_of(*, trajectory: Trajectory) -> QuerySet:
    return VotingRound.objects.filter(trajectory=trajectory).order_by("-created_at")


def round_topics(voting_round: VotingRound) -> list[Topic]:
    """The round's topics in ballot order; one query."""
    by_pk = Topic.objects.in_bulk(voting_round.topic_ids)
    return [by_pk[pk] for pk in voting_round.topic_ids if pk in by_pk]


# The voter ---------------------------------------------------------------------

# What a voter's page and a vote need of the voter and its round, in one
# prepared statement (on PostgreSQL also the connection's health check).
# Both lists in the models' field order, which ``Model.from_db`` expects.
_VOTER_FIELDS = ["id", "round_id", "role", "ballot", "votes_used", "version"]
_ROUND_FIELDS = [
    "id",
    "code",
    "status",
    "topic_ids",
    "votes_per_voter",
    "max_per_topic",
    "suggestions_open",
]
_VOTER_SQL = (
    "SELECT v.id, v.round_id, v.role, v.ballot, v.votes_used, v.version,"
    " r.id, r.code, r.status, r.topic_ids, r.votes_per_voter, r.max_per_topic,"
    " r.suggestions_open"
    " FROM sessions_app_voter v"
    " JOIN sessions_app_votinground r ON r.id = v.round_id"
    " WHERE v.token_hash = %s"
)


def _json(value):
    # Django reads jsonb as text and decodes it in the field; so do we.
    return json.loads(value) if isinstance(value, str | bytes) else value


def voter_by_token_hash(hashed: str) -> Voter | None:
    """The voter with this token hash and its round; one statement.

    Only the fields a voter's page and a vote use are read; any other field
    is loaded on first use, as with ``only()``.
    """
    row = prepared_fetchone(_VOTER_SQL, [hashed])
    if row is None:
        return None
    voter_values = list(row[: len(_VOTER_FIELDS)])
    round_values = list(row[len(_VOTER_FIELDS) :])
    voter_values[3] = _json(voter_values[3])
    round_values[3] = _json(round_values[3])
    round_values[6] = bool(round_values[6])
    voting_round = VotingRound.from_db("default", _ROUND_FIELDS, round_values)
    voter = Voter.from_db("default", _VOTER_FIELDS, voter_values)
    voter.token_hash = hashed
    voter.round = voting_round
    return voter


# Tally -------------------------------------------------------------------------


@dataclass
class Tally:
    voters: int = 0
    paper_voters: int = 0
    totals: dict[int, int] = field(default_factory=dict)
    paper_totals: dict[int, int] = field(default_factory=dict)
    voters_by_role: dict[str, int] = field(default_factory=dict)
    totals_by_role: dict[str, dict[int, int]] = field(default_factory=dict)

    @property
    def votes(self) -> int:
        return sum(self.totals.values())


def _each(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"jsonb_each_text({column})"
    return f"json_each({column})"


def _compute_tally(round_id: int) -> Tally:
    """Two statements, whatever the number of voters."""
    tally = Tally()
    voter_table = "sessions_app_voter"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT role, is_paper, COUNT(*) FROM {voter_table} "  # noqa: S608 - fixed table name  # nosec B608
            "WHERE round_id = %s GROUP BY role, is_paper",
            [round_id],
        )
        for role, is_paper, count in cursor.fetchall():
            tally.voters += count
            tally.voters_by_role[role] = tally.voters_by_role.get(role, 0) + count
            if is_paper:
                tally.paper_voters += count
        cursor.execute(
            f"SELECT v.role, v.is_paper, j.key, SUM(CAST(j.value AS INTEGER)) "  # noqa: S608 - fixed table name  # nosec B608
            f"FROM {voter_table} v, {_each('v.ballot')} j "
            "WHERE v.round_id = %s GROUP BY v.role, v.is_paper, j.key",
            [round_id],
        )
        for role, is_paper, key, total in cursor.fetchall():
            topic_id, total = int(key), int(total)
            tally.totals[topic_id] = tally.totals.get(topic_id, 0) + total
            if is_paper:
                tally.paper_totals[topic_id] = (
                    tally.paper_totals.get(topic_id, 0) + total
                )
            by_role = tally.totals_by_role.setdefault(role, {})
            by_role[topic_id] = by_role.get(topic_id, 0) + total
    return tally


def round_tally(voting_round: VotingRound, *, cached: bool = True) -> Tally:
    """The round's counts; cached for a second, so the projector polls cheaply."""
    if not cached:
        return _compute_tally(voting_round.pk)
    key = f"voting:tally:{voting_round.pk}"
    tally = cache.get(key)
    if tally is None:
        tally = _compute_tally(voting_round.pk)
        cache.set(key, tally, TALLY_CACHE_SECONDS)
    return tally


def _fragment_key(round_id: int, language: str) -> str:
    return f"voting:tally-html:{round_id}:{language}"


def _fragment_stamp(voting_round: VotingRound) -> tuple:
    """What the projector's fragment shows of the round itself."""
    return (
        voting_round.updated_at.isoformat() if voting_round.updated_at else "",
        voting_round.status,
        voting_round.show_bars,
        voting_round.show_per_role,
        tuple(voting_round.topic_ids),
    )


def tally_fragment(voting_round: VotingRound, language: str) -> bytes | None:
    """The projector's fragment as drawn less than a second ago, if any.

    Kept as long as the tally (``TALLY_CACHE_SECONDS``) and only for the
    round as it is now (its settings, status and topics).
    """
    cached = cache.get(_fragment_key(voting_round.pk, language))
    if not cached or cached[0] != _fragment_stamp(voting_round):
        return None
    return bytes(cached[1])


def tally_fragment_keep(voting_round: VotingRound, language: str, html: bytes) -> None:
    cache.set(
        _fragment_key(voting_round.pk, language),
        (_fragment_stamp(voting_round), html),
        TALLY_CACHE_SECONDS,
    )


def tally_forget(voting_round: VotingRound) -> None:
    cache.delete_many(
        [f"voting:tally:{voting_round.pk}"]
        + [_fragment_key(voting_round.pk, code) for code, _name in settings.LANGUAGES]
    )


# Ranking ---------------------------------------------------------------------


@dataclass
class RankRow:
    rank: int
    topic: Topic
    votes: int
    paper_votes: int = 0
    tied: bool = False
    percent: float = 0.0


def _rank(topics: list[Topic], totals: dict[int, int], paper: dict[int, int]):
    ordered = sorted(topics, key=lambda t: (-totals.get(t.pk, 0), t.title.lower()))
    rows: list[RankRow] = []
    top = max([totals.get(t.pk, 0) for t in topics] or [0])
    for index, topic in enumerate(ordered):
        votes = totals.get(topic.pk, 0)
        rank = rows[-1].rank if rows and rows[-1].votes == votes else index + 1
        rows.append(
            RankRow(
                rank=rank,
                topic=topic,
                votes=votes,
                paper_votes=paper.get(topic.pk, 0),
                percent=100 * votes / top if top else 0.0,
            )
        )
    for row in rows:
        row.tied = sum(1 for other in rows if other.rank == row.rank) > 1
    return rows


def ranking(
    voting_round: VotingRound, tally: Tally, topics: list[Topic] | None = None
) -> list[RankRow]:
    """Topics by votes, highest first; equal votes share a rank and are marked."""
    topics = round_topics(voting_round) if topics is None else topics
    return _rank(topics, tally.totals, tally.paper_totals)


ROLE_ORDER = [*ParticipantRole.values, ROLE_UNSAID]


@dataclass
class RoleRanking:
    role: str
    label: str
    voters: int | None  # None: hidden to protect a small group
    rows: list[RankRow] | None
    small: bool = False  # fewer voters than the threshold: shown as "< 5"


def role_label(role: str) -> str:
    from .models import voter_role_choices

    return str(dict(voter_role_choices()).get(role, role))


def per_role_rankings(
    voting_round: VotingRound, tally: Tally, topics: list[Topic] | None = None
) -> list[RoleRanking]:
    """The ranking per role; small roles, and any that would give one away, hidden.

    ``core.protection.suppress`` decides on the voters per role with the
    round's total as the shown total, so no hidden role can be worked out by
    subtracting the shown ones from the overall ranking.
    """
    topics = round_topics(voting_round) if topics is None else topics
    counts = {role: tally.voters_by_role.get(role, 0) for role in ROLE_ORDER}
    hidden = suppress(counts, total=tally.voters)
    rankings = []
    for role in ROLE_ORDER:
        count = counts[role]
        if count == 0:
            continue
        if role in hidden:
            rankings.append(
                RoleRanking(
                    role, role_label(role), None, None, small=count < threshold()
                )
            )
        else:
            rows = _rank(topics, tally.totals_by_role.get(role, {}), {})
            rankings.append(RoleRanking(role, role_label(role), count, rows))
    return rankings


def chosen_topics(*, trajectory: Trajectory) -> list[Topic]:
    """The topics of the trajectory's latest confirmed round."""
    latest = (
        VotingRound.objects.filter(trajectory=trajectory, confirmed_at__isnull=False)
        .order_by("-confirmed_at")
        .first()
    )
    return list(latest.chosen_topics.all()) if latest else []
