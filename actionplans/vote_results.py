"""The vote that chose the plan's topics: one read for the plan page and the PDF.

The overall ranking is always shown; the ranking per role only when the
facilitator switched it on for the round (``VotingRound.show_per_role``).
Per-role numbers come from ``per_role_rankings``, which hides small groups
with ``core.protection.suppress``, as on the facilitator's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from regions.models import Trajectory
from sessions_app.models import VotingRound
from sessions_app.voting.selectors import RoleRanking
from sessions_app.voting.selectors import Tally
from sessions_app.voting.selectors import per_role_rankings
from sessions_app.voting.selectors import ranking
from sessions_app.voting.selectors import round_tally
from sessions_app.voting.selectors import round_topics


@dataclass
class VoteResult:
    title: str
    votes: int
    rank: int


@dataclass
class PlanVoteResults:
    voting_round: VotingRound | None = None
    tally: Tally | None = None
    rows: list[VoteResult] = field(default_factory=list)
    # Empty unless the round shows its ranking per role.
    roles: list[RoleRanking] = field(default_factory=list)

    @property
    def per_role_shown(self) -> bool:
        return bool(self.voting_round and self.voting_round.show_per_role)


def plan_vote_results(
    *, trajectory: Trajectory, topic_ids: set[int]
) -> PlanVoteResults:
    """The confirmed round's ranking of ``topic_ids``, and per role if shown.

    Four statements: the round, its topics and the two of the tally.
    """
    voting_round = (
        VotingRound.objects.filter(trajectory=trajectory, confirmed_at__isnull=False)
        .order_by("-confirmed_at")
        .first()
    )
    if voting_round is None:
        return PlanVoteResults()
    topics = round_topics(voting_round)
    tally = round_tally(voting_round, cached=False)
    rows = [
        VoteResult(row.topic.title, row.votes, row.rank)
        for row in ranking(voting_round, tally, topics)
        if row.topic.pk in topic_ids
    ]
    roles: list[RoleRanking] = []
    if voting_round.show_per_role:
        roles = per_role_rankings(voting_round, tally, topics)
        for role in roles:
            if role.rows is not None:
                role.rows = [r for r in role.rows if r.topic.pk in topic_ids]
    return PlanVoteResults(voting_round, tally, rows, roles)
