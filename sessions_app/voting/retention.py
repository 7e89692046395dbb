"""Voter tokens go after the retention period; the ballots (the totals) stay."""

from django.db.models import CharField
from django.db.models import Value
from django.db.models.functions import Cast
from django.db.models.functions import Concat

from core.audit import audit_register

from .models import Voter
from .models import VotingRound


def voting_personal_data_purge(trajectory_id: int) -> dict[str, int]:
    """Replace each voter's token hash by a placeholder nobody can present."""
    emptied = (
        Voter.objects.filter(round__trajectory_id=trajectory_id)
        .exclude(token_hash__startswith="gewist-")  # noqa: S106 - a marker, no secret
        .update(
            token_hash=Concat(Value("gewist-"), Cast("pk", output_field=CharField()))
        )
    )
    return {"voter_tokens": emptied}


def register_audited_models() -> None:
    audit_register(
        VotingRound,
        scope=lambda voting_round: {"trajectory_id": voting_round.trajectory_id},
    )
