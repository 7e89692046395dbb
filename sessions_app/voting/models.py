"""The topic longlist and live voting rounds of a trajectory.

A voter's whole ballot is one row (``Voter.ballot``: topic id -> votes), so a
vote is one look-up by token and one conditional UPDATE on a version number:
two requests of one voter can never both apply, and a replayed form (an old
version) changes nothing.
"""

import secrets

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from regions.models import ParticipantRole
from regions.models import Trajectory

# No look-alikes: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The voter's role when they would rather not say.
ROLE_UNSAID = ""


def new_round_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def voter_role_choices() -> list[tuple[str, str]]:
    return [*ParticipantRole.choices, (ROLE_UNSAID, _("Zeg ik liever niet"))]  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]


class Topic(TimeStampedModel):
    """A candidate on the trajectory's longlist."""

    class Source(models.TextChoices):
        SURVEY = "survey", _("Uit de vragenlijst")
        FACILITATOR = "facilitator", _("Van de gespreksleider")
        PARTICIPANT = "participant", _("Van een deelnemer")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op goedkeuring")
        ACCEPTED = "accepted", _("Op de lijst")
        REJECTED = "rejected", _("Niet overgenomen")
        MERGED = "merged", _("Samengevoegd")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="topics",
        verbose_name=_("traject"),
    )
    title = models.CharField(_("onderwerp"), max_length=150)
    reason = models.TextField(_("waarom"), blank=True)
    theme_key = models.SlugField(_("thema"), max_length=60, blank=True)
    source = models.CharField(
        _("bron"), max_length=20, choices=Source.choices, default=Source.FACILITATOR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACCEPTED
    )
    merged_into = models.ForeignKey(
        "self",
        # A merged topic lives on only in its target (its votes and sources
        # moved there); SET_NULL would break voting_topic_merged_has_target.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merged_topics",
        verbose_name=_("samengevoegd met"),
    )

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="voting_topic_merged_has_target",
            ),
            models.UniqueConstraint(
                fields=["trajectory", "theme_key"],
                condition=models.Q(source="survey"),
                name="voting_topic_one_per_survey_theme",
            ),
        ]

    def __str__(self):
        return self.title


class VotingRound(TimeStampedModel):
    """A round of votes on (part of) the longlist, joined by its short code."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Gesloten")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="voting_rounds",
        verbose_name=_("traject"),
    )
    # The meeting where the round is held; its meeting mode shows the round.
    meeting = models.ForeignKey(
        "sessions_app.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voting_rounds",
        verbose_name=_("bijeenkomst"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("vorige ronde"),
    )
    code = models.CharField(
        _("code"), max_length=CODE_LENGTH, unique=True, default=new_round_code
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The topic ids on the ballot, in order; a denormalised list so that a
    # vote checks its topic without a second query.
    topic_ids = models.JSONField(_("onderwerpen"), default=list)
    votes_per_voter = models.PositiveSmallIntegerField(
        _("stemmen per persoon"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    max_per_topic = models.PositiveSmallIntegerField(
        _("hoogstens stemmen op één onderwerp"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    show_bars = models.BooleanField(_("stand tonen tijdens het stemmen"), default=True)
    # Off until the facilitator shows it: the per-role ranking then appears
    # on the projector, the action plan page and the PDF.
    show_per_role = models.BooleanField(_("uitslag per rol tonen"), default=False)
    suggestions_open = models.BooleanField(
        _("deelnemers mogen onderwerpen voorstellen"), default=False
    )
    chosen_min = models.PositiveSmallIntegerField(_("minimaal te kiezen"), default=3)
    chosen_max = models.PositiveSmallIntegerField(_("maximaal te kiezen"), default=5)
    chosen_topics = models.ManyToManyField(
        Topic, related_name="chosen_in", blank=True, verbose_name=_("gekozen")
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("stemronde")
        verbose_name_plural = _("stemronden")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="voting_round_closed_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(chosen_min__lte=models.F("chosen_max")),
                name="voting_round_chosen_range",
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("voting:round_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Voter(models.Model):
    """One anonymous ballot in a round: a phone's token hash, or a paper ballot.

    Only the SHA-256 of the voter's token is stored; no address, no browser.
    """

    round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="voters"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(
        _("rol"), max_length=20, blank=True, choices=voter_role_choices()
    )
    is_paper = models.BooleanField(_("papieren stem"), default=False)
    ballot = models.JSONField(default=dict)
    votes_used = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stemmer")
        verbose_name_plural = _("stemmers")
        indexes = [models.Index(fields=["round", "role"])]

    def __str__(self):
        return f"{self.round} #{self.pk}"
