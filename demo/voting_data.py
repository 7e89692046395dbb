"""Demo topics and voting rounds: one finished round with chosen topics, one open.

Both rounds belong to the onderwerpkeuze meeting, so its meeting mode shows them.
"""

import random

from regions.models import Trajectory
from sessions_app.meetings.models import Meeting
from sessions_app.voting.models import Topic
from sessions_app.voting.models import VotingRound
from sessions_app.voting.services import VoteRejected
from sessions_app.voting.services import round_close
from sessions_app.voting.services import round_confirm
from sessions_app.voting.services import round_open
from sessions_app.voting.services import round_set_per_role
from sessions_app.voting.services import topic_create
from sessions_app.voting.services import topics_import_from_survey
from sessions_app.voting.services import vote_change
from sessions_app.voting.services import voter_join

FACILITATOR_TOPICS = [
    "Samenwerking tussen pleegouders en ouders",
    "Voorkomen van overbelasting van pleegouders",
    "Aandacht voor eigen kinderen in het pleeggezin",
    "Verschillen tussen gemeenten",
]
# Voters per role in the finished round: two roles are small, so the
# per-role ranking shows them as "< 5".
DEMO_VOTERS = {
    "pleegouder": 14,
    "ouder": 8,
    "professional": 11,
    "pleegkind": 6,
    "eigen_kind": 3,
    "beleidsmaker": 2,
    "": 4,
}


def demo_voting(*, trajectory: Trajectory) -> VotingRound:
    """Topics, a finished round with per-role votes and chosen topics, and an
    open round; returns the open round (its code is printed). Idempotent."""
    meeting = Meeting.objects.filter(
        trajectory=trajectory, kind=Meeting.Kind.ONDERWERPKEUZE
    ).first()
    open_round = trajectory.voting_rounds.filter(status=VotingRound.Status.OPEN).first()  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
    if open_round is not None:
        return open_round
    if not trajectory.topics.exists():  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
        topics_import_from_survey(trajectory=trajectory)
        for title in FACILITATOR_TOPICS:
            topic_create(trajectory=trajectory, title=title)
    topics = list(trajectory.topics.filter(status=Topic.Status.ACCEPTED))  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
    finished = round_open(
        trajectory=trajectory, votes_per_voter=3, max_per_topic=2, meeting=meeting
    )
    rng = random.Random(12)  # noqa: S311 - demo data
    # Each role leans to its own favourites, so the per-role view differs.
    for index, (role, count) in enumerate(DEMO_VOTERS.items()):
        favourites = [topics[(index + k) % len(topics)] for k in range(3)]
        for _ in range(count):
            token = voter_join(voting_round=finished, role=role)
            version = 0
            for _vote in range(3):
                topic = rng.choice(favourites + topics[:2])
                try:
                    outcome = vote_change(
                        code=finished.code,
                        token=token,
                        topic_id=topic.pk,
                        delta=1,
                        version=version,
                    )
                except VoteRejected:  # a full topic or no votes left: skip it
                    continue
                version = outcome.voter.version
    round_close(voting_round=finished)
    # The facilitator showed the room the ranking per role.
    round_set_per_role(voting_round=finished, show=True)
    from sessions_app.voting.selectors import ranking
    from sessions_app.voting.selectors import round_tally

    rows = ranking(finished, round_tally(finished, cached=False))
    round_confirm(voting_round=finished, topic_ids=[row.topic.pk for row in rows[:4]])
    return round_open(
        trajectory=trajectory, votes_per_voter=3, max_per_topic=2, meeting=meeting
    )
