"""Every write of the longlist and the voting rounds."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import connections
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import prepared_cursor
from regions.models import Trajectory

from ..meetings.models import Meeting
from .models import ROLE_UNSAID
from .models import Topic
from .models import Voter
from .models import VotingRound
from .models import voter_role_choices
from .selectors import ranking
from .selectors import round_tally
from .selectors import survey_topic_suggestions
from .selectors import voter_by_token_hash

ROUND_TOPICS_MAX = 40


class VoteRejected(Exception):
    """A vote or join that changes nothing; ``message`` is for the voter."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Longlist ------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *,
    trajectory: Trajectory,
    title: str,
    reason: str = "",
    source: str = Topic.Source.FACILITATOR,
    status: str = Topic.Status.ACCEPTED,
    theme_key: str = "",
) -> Topic:
    topic = Topic(
        trajectory=trajectory,
        title=title.strip(),
        reason=reason.strip(),
        source=source,
        status=status,
        theme_key=theme_key,
    )
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def topics_import_from_survey(*, trajectory: Trajectory) -> int:
    """Put the survey's topic suggestions on the longlist; twice adds nothing."""
    existing = set(
        Topic.objects.filter(
            trajectory=trajectory, source=Topic.Source.SURVEY
        ).values_list("theme_key", flat=True)
    )
    created = 0
    for suggestion in survey_topic_suggestions(trajectory=trajectory):
        if suggestion.theme_key in existing:
            continue
        topic_create(
            trajectory=trajectory,
            title=suggestion.title[:150],
            reason=" ".join(suggestion.reasons),
            source=Topic.Source.SURVEY,
            theme_key=suggestion.theme_key,
        )
        created += 1
    return created


@transaction.atomic
def topic_rename(*, topic: Topic, title: str) -> Topic:
    topic.title = title.strip()
    topic.full_clean()
    topic.save(update_fields=["title", "updated_at"])
    return topic


@transaction.atomic
def topic_decide(*, topic: Topic, accept: bool) -> Topic:
    """Accept or reject a participant's suggestion.

    An accepted topic joins the trajectory's open rounds, so the room can vote
    on it straight away.
    """
    if topic.status != Topic.Status.PENDING:
        return topic
    topic.status = Topic.Status.ACCEPTED if accept else Topic.Status.REJECTED
    topic.full_clean()
    topic.save(update_fields=["status", "updated_at"])
    if accept:
        for voting_round in VotingRound.objects.select_for_update().filter(
            trajectory_id=topic.trajectory_id, status=VotingRound.Status.OPEN
        ):
            if topic.pk not in voting_round.topic_ids:
                voting_round.topic_ids = [*voting_round.topic_ids, topic.pk]
                voting_round.save(update_fields=["topic_ids", "updated_at"])
    return topic


@transaction.atomic
def topic_merge(*, source: Topic, target: Topic) -> Topic:
    """Merge ``source`` into ``target``: its votes, rounds and sources follow.

    Every ballot holding votes for ``source`` moves them to ``target`` (a new
    version, so a form still showing the old ballot is refused); the rounds'
    topic lists and chosen topics name ``target`` instead.
    """
    if source.pk == target.pk or source.trajectory_id != target.trajectory_id:
        raise ValidationError(_("Kies twee verschillende onderwerpen van dit traject."))
    source = Topic.objects.select_for_update().get(pk=source.pk)
    target = Topic.objects.select_for_update().get(pk=target.pk)
    if Topic.Status.MERGED in (source.status, target.status):
        raise ValidationError(_("Dit onderwerp is al samengevoegd."))
    source_key, target_key = str(source.pk), str(target.pk)
    rounds = VotingRound.objects.select_for_update().filter(
        trajectory_id=source.trajectory_id
    )
    for voting_round in rounds:
        if source.pk in voting_round.topic_ids:
            ids = [
                target.pk if pk == source.pk else pk for pk in voting_round.topic_ids
            ]
            voting_round.topic_ids = list(dict.fromkeys(ids))
            voting_round.save(update_fields=["topic_ids", "updated_at"])
        if voting_round.chosen_topics.filter(pk=source.pk).exists():
            voting_round.chosen_topics.remove(source)
            voting_round.chosen_topics.add(target)
    voters = Voter.objects.select_for_update().filter(
        round__trajectory_id=source.trajectory_id, ballot__has_key=source_key
    )
    for voter in voters:
        ballot = dict(voter.ballot)
        ballot[target_key] = ballot.get(target_key, 0) + ballot.pop(source_key)
        voter.ballot = ballot
        voter.version += 1
        voter.save(update_fields=["ballot", "version"])
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    if source.reason and source.reason not in target.reason:
        target.reason = f"{target.reason}\n{source.reason}".strip()
    if source.status == Topic.Status.ACCEPTED:
        target.status = Topic.Status.ACCEPTED  # an accepted topic stays listed
    target.full_clean()
    target.save()
    source.status = Topic.Status.MERGED
    source.merged_into = target
    source.full_clean()
    source.save(update_fields=["status", "merged_into", "updated_at"])
    return target


# Rounds --------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    trajectory: Trajectory,
    topic_ids: list[int] | None = None,
    votes_per_voter: int = 3,
    max_per_topic: int = 3,
    show_bars: bool = True,
    parent: VotingRound | None = None,
    meeting: Meeting | None = None,
) -> VotingRound:
    """Open a round on the given topics (default: the accepted longlist).

    ``meeting``, when given, is one of the trajectory's meetings: its meeting
    mode shows the round.
    """
    if meeting is not None and meeting.trajectory_id != trajectory.pk:
        raise ValidationError(_("Kies een bijeenkomst van dit traject."))
    accepted = list(
        Topic.objects.filter(
            trajectory=trajectory, status=Topic.Status.ACCEPTED
        ).values_list("pk", flat=True)
    )
    if topic_ids is None:
        topic_ids = accepted
    topic_ids = [pk for pk in dict.fromkeys(topic_ids) if pk in set(accepted)]
    if len(topic_ids) < 2:
        raise ValidationError(
            _("Er zijn minstens twee onderwerpen nodig om te stemmen.")
        )
    if len(topic_ids) > ROUND_TOPICS_MAX:
        raise ValidationError(
            _("Er kunnen hoogstens %(max)d onderwerpen in één stemronde.")
            % {"max": ROUND_TOPICS_MAX}
        )
    for _attempt in range(10):
        voting_round = VotingRound(
            trajectory=trajectory,
            parent=parent,
            meeting=meeting,
            topic_ids=topic_ids,
            votes_per_voter=votes_per_voter,
            max_per_topic=max_per_topic,
            show_bars=show_bars,
        )
        voting_round.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                voting_round.save()
        except IntegrityError:  # the short code is taken: draw another
            continue
        return voting_round
    raise RuntimeError("no free round code")  # pragma: no cover


@transaction.atomic
def round_update_settings(
    *,
    voting_round: VotingRound,
    votes_per_voter: int,
    max_per_topic: int,
    show_bars: bool,
    suggestions_open: bool,
) -> VotingRound:
    """Change N, M and what the screen shows; N and M only while open."""
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if voting_round.is_open:
        voting_round.votes_per_voter = votes_per_voter
        voting_round.max_per_topic = max_per_topic
        voting_round.suggestions_open = suggestions_open
    voting_round.show_bars = show_bars
    voting_round.full_clean()
    voting_round.save()
    return voting_round


def round_set_bars(*, voting_round: VotingRound, show: bool) -> VotingRound:
    """Hide the projector's bars while voting runs, or reveal them."""
    VotingRound.objects.filter(pk=voting_round.pk).update(
        show_bars=show, updated_at=timezone.now()
    )
    voting_round.show_bars = show
    return voting_round


def round_set_per_role(*, voting_round: VotingRound, show: bool) -> VotingRound:
    """Show the ranking per role beside the overall one, or stop showing it."""
    VotingRound.objects.filter(pk=voting_round.pk).update(
        show_per_role=show, updated_at=timezone.now()
    )
    voting_round.show_per_role = show
    return voting_round


@transaction.atomic
def round_close(*, voting_round: VotingRound) -> VotingRound:
    """Close the round; closing twice changes nothing."""
    VotingRound.objects.filter(
        pk=voting_round.pk, status=VotingRound.Status.OPEN
    ).update(
        status=VotingRound.Status.CLOSED,
        closed_at=timezone.now(),
        suggestions_open=False,
        updated_at=timezone.now(),
    )
    voting_round.refresh_from_db()
    return voting_round


@transaction.atomic
def round_open_second(*, voting_round: VotingRound, top: int) -> VotingRound:
    """Open a new round on the closed round's top ``top`` (ties at the cut in)."""
    if voting_round.is_open:
        raise ValidationError(_("Sluit eerst deze stemronde."))
    rows = ranking(voting_round, round_tally(voting_round, cached=False))
    cut = [row.topic.pk for row in rows if row.rank <= top]
    return round_open(
        trajectory=voting_round.trajectory,
        topic_ids=cut,
        votes_per_voter=voting_round.votes_per_voter,
        max_per_topic=voting_round.max_per_topic,
        show_bars=voting_round.show_bars,
        parent=voting_round,
        meeting=voting_round.meeting,
    )


@transaction.atomic
def round_confirm(*, voting_round: VotingRound, topic_ids: list[int]) -> VotingRound:
    """Confirm the chosen topics of a closed round (``chosen_min``-``chosen_max``)."""
    if voting_round.is_open:
        raise ValidationError(_("Sluit eerst deze stemronde."))
    chosen = [pk for pk in dict.fromkeys(topic_ids) if pk in voting_round.topic_ids]
    if len(chosen) != len(set(topic_ids)):
        raise ValidationError(_("Kies alleen onderwerpen uit deze stemronde."))
    low = min(voting_round.chosen_min, len(voting_round.topic_ids))
    if not low <= len(chosen) <= voting_round.chosen_max:
        raise ValidationError(
            _("Kies %(min)d tot %(max)d onderwerpen.")
            % {"min": low, "max": voting_round.chosen_max}
        )
    voting_round.chosen_topics.set(chosen)
    voting_round.confirmed_at = timezone.now()
    voting_round.save(update_fields=["confirmed_at", "updated_at"])
    return voting_round


# Voting --------------------------------------------------------------------


def _valid_role(role: str) -> str:
    roles = {value for value, _label in voter_role_choices()}
    if role not in roles:
        raise VoteRejected(_("Kies een rol uit de lijst, of 'Zeg ik liever niet'."))
    return role


def voter_join(*, voting_round: VotingRound, role: str = ROLE_UNSAID) -> str:
    """Add an anonymous voter and return their token (only its hash is kept)."""
    if not voting_round.is_open:
        raise VoteRejected(_("Deze stemronde is gesloten. Meedoen kan niet meer."))
    token = secrets.token_urlsafe(24)
    Voter.objects.create(
        round=voting_round, token_hash=token_hash(token), role=_valid_role(role)
    )
    return token


@dataclass(frozen=True)
class VoteOutcome:
    voter: Voter
    voting_round: VotingRound


def voter_for_token(*, code: str, token: str) -> Voter:
    """The voter of ``token`` in the round ``code``, with the round; one query."""
    voter = voter_by_token_hash(token_hash(token or ""))
    if voter is None:
        raise VoteRejected(
            _(
                "U doet nog niet mee aan deze stemronde. Kies eerst hieronder of u uw rol wilt noemen."
            )
        )
    if voter.round.code != code:
        raise VoteRejected(
            _(
                "Uw stembewijs hoort bij een andere stemronde. Meld u aan met de "
                "code die op het scherm staat."
            )
        )
    return voter


def _checked_ballot(
    voting_round: VotingRound, ballot: dict[str, int], topic_id: int, delta: int
) -> dict[str, int]:
    if delta not in (1, -1):
        raise VoteRejected(_("Dit verzoek klopt niet. Probeer het opnieuw."))
    if topic_id not in voting_round.topic_ids:
        raise VoteRejected(_("Dit onderwerp staat niet op deze stemlijst."))
    key = str(topic_id)
    current = ballot.get(key, 0)
    new = dict(ballot)
    if delta < 0:
        if current <= 0:
            raise VoteRejected(_("U had nog geen stem op dit onderwerp."))
        if current == 1:
            del new[key]
        else:
            new[key] = current - 1
        return new
    if sum(ballot.values()) >= voting_round.votes_per_voter:
        raise VoteRejected(
            _(
                "U heeft al uw %(n)d stemmen gebruikt. Haal eerst een stem weg "
                "bij een ander onderwerp."
            )
            % {"n": voting_round.votes_per_voter}
        )
    if current >= voting_round.max_per_topic:
        raise VoteRejected(
            _("U kunt hoogstens %(m)d stemmen op één onderwerp geven.")
            % {"m": voting_round.max_per_topic}
        )
    new[key] = current + 1
    return new


# Every condition on the voter row itself (not through a join, which
# PostgreSQL would not re-check after waiting for a racing update of the same
# row): the version the voter held, and the round still open.
_BALLOT_WRITE_SQL = (
    "UPDATE sessions_app_voter SET ballot = %s{cast}, votes_used = %s,"
    " version = version + 1"
    " WHERE id = %s AND version = %s AND EXISTS ("
    "SELECT 1 FROM sessions_app_votinground r"
    " WHERE r.id = sessions_app_voter.round_id AND r.status = 'open')"
)


def _ballot_write(voter_id: int, version: int, ballot: dict, used: int) -> bool:
    """Store the ballot if the voter still holds ``version``; one statement."""
    postgres = connections["default"].vendor == "postgresql"
    sql = _BALLOT_WRITE_SQL.format(cast="::jsonb" if postgres else "")
    with prepared_cursor() as cursor:
        cursor.execute(sql, [json.dumps(ballot), used, voter_id, version])
        return bool(cursor.rowcount)


def vote_change(
    *, code: str, token: str, topic_id: int, delta: int, version: int
) -> VoteOutcome:
    """Add (+1) or take back (-1) one vote: one look-up, one conditional write.

    ``version`` is the ballot version the voter's form showed; a replayed or
    outdated form no longer matches and changes nothing. The UPDATE itself
    checks that the round is still open, so a vote racing the close is
    either counted before it or refused.
    """
    voter = voter_for_token(code=code, token=token)
    voting_round = voter.round
    if not voting_round.is_open:
        raise VoteRejected(
            _("Deze stemronde is gesloten. Uw stemmen zijn niet meer te veranderen.")
        )
    if version != voter.version:
        raise VoteRejected(
            _(
                "Deze stem was al verwerkt, of uw stemmen zijn intussen veranderd. "
                "Hieronder ziet u hoe u nu stemt."
            )
        )
    ballot = _checked_ballot(voting_round, voter.ballot, topic_id, delta)
    used = sum(ballot.values())
    if not _ballot_write(voter.pk, version, ballot, used):
        voting_round.refresh_from_db(fields=["status"])
        if not voting_round.is_open:
            raise VoteRejected(
                _(
                    "Deze stemronde is gesloten. Uw stemmen zijn niet meer te veranderen."
                )
            )
        raise VoteRejected(
            _(
                "Deze stem was al verwerkt, of uw stemmen zijn intussen veranderd. "
                "Hieronder ziet u hoe u nu stemt."
            )
        )
    voter.ballot, voter.votes_used, voter.version = ballot, used, version + 1
    return VoteOutcome(voter=voter, voting_round=voting_round)


@transaction.atomic
def paper_ballot_add(
    *, voting_round: VotingRound, votes: dict[int, int], role: str = ROLE_UNSAID
) -> Voter:
    """Count one paper ballot typed in by the facilitator, under the same rules."""
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if voting_round.confirmed_at is not None:
        raise ValidationError(_("De gekozen onderwerpen zijn al bevestigd."))
    ballot: dict[str, int] = {}
    for topic_id, count in votes.items():
        if count < 0 or topic_id not in voting_round.topic_ids:
            raise ValidationError(_("Dit onderwerp staat niet op deze stemlijst."))
        if count > voting_round.max_per_topic:
            raise ValidationError(
                _("Hoogstens %(m)d stemmen op één onderwerp.")
                % {"m": voting_round.max_per_topic}
            )
        if count:
            ballot[str(topic_id)] = count
    used = sum(ballot.values())
    if not used:
        raise ValidationError(_("Vul minstens één stem in."))
    if used > voting_round.votes_per_voter:
        raise ValidationError(
            _("Eén papieren stembriefje heeft hoogstens %(n)d stemmen.")
            % {"n": voting_round.votes_per_voter}
        )
    try:
        role = _valid_role(role)
    except VoteRejected as error:
        raise ValidationError(error.message) from error
    return Voter.objects.create(
        round=voting_round,
        token_hash=token_hash(secrets.token_urlsafe(24)),
        role=role,
        is_paper=True,
        ballot=ballot,
        votes_used=used,
    )


@transaction.atomic
def participant_topic_suggest(*, voting_round: VotingRound, title: str) -> Topic:
    """A participant's suggestion: on the longlist only after acceptance."""
    if not (voting_round.is_open and voting_round.suggestions_open):
        raise VoteRejected(_("Onderwerpen voorstellen kan nu niet."))
    title = (title or "").strip()
    if not 3 <= len(title) <= 150:
        raise VoteRejected(_("Schrijf een onderwerp van 3 tot 150 tekens."))
    return topic_create(
        trajectory=voting_round.trajectory,
        title=title,
        source=Topic.Source.PARTICIPANT,
        status=Topic.Status.PENDING,
    )
