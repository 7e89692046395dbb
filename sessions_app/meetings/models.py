"""Meetings of a trajectory, their agenda, and the people invited to them.

Contact data (name, e-mail, organisation, needs) lives only on ``Invitee``:
never beside survey answers or votes, and deleted with the row.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from regions.models import ParticipantRole
from regions.models import Trajectory

AGENDA_MAX_MINUTES = 600
AGENDA_DESCRIPTION_MAX = 1000
TOKEN_SALT = "sessions_app.meetings.invitee"  # noqa: S105 - a salt, not a secret


class Meeting(TimeStampedModel):
    """One meeting of a trajectory; a meeting is planned once it has a start."""

    class Kind(models.TextChoices):
        KENNISMAKING = "kennismaking", _("Kennismaking")
        ONDERWERPKEUZE = "onderwerpkeuze", _("Onderwerpkeuze")
        ACTIEBIJEENKOMST = "actiebijeenkomst", _("Actiebijeenkomst")
        DIALOOGTAFEL = "dialoogtafel", _("Dialoogtafel")
        ANDERS = "anders", _("Andere bijeenkomst")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("traject"),
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=Kind.choices, default=Kind.ANDERS
    )
    title = models.CharField(_("titel"), max_length=150)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    starts_at = models.DateTimeField(_("begint om"), null=True, blank=True)
    ends_at = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    location = models.CharField(_("plaats"), max_length=255, blank=True)
    online_url = models.URLField(_("link voor online deelnemen"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_meetings",
        blank=True,
        verbose_name=_("gespreksleiders"),
    )
    notes = models.TextField(_("aantekeningen"), blank=True)
    # The step of the meeting mode that the presenter shows; the projector
    # window follows it.
    presentation_step = models.PositiveSmallIntegerField(
        _("stap van de presentatie"), default=1
    )

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["trajectory", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "meetings:meeting_detail",
            kwargs={"pk": self.trajectory_id, "meeting_pk": self.pk},
        )

    @property
    def is_planned(self) -> bool:
        return self.starts_at is not None


class AgendaItem(models.Model):
    """One item of a meeting's agenda: a time, what happens then, how long."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    starts_at = models.TimeField(_("tijd"))
    title = models.CharField(_("onderdeel"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur in minuten"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(AGENDA_MAX_MINUTES)],
    )
    description = models.TextField(
        _("toelichting"),
        blank=True,
        max_length=AGENDA_DESCRIPTION_MAX,
        # A TextField's max_length limits only its form field.
        validators=[MaxLengthValidator(AGENDA_DESCRIPTION_MAX)],
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


def new_token_nonce() -> str:
    return secrets.token_hex(16)


class Invitee(TimeStampedModel):
    """A person invited to a meeting, without an account.

    The personal link's token is derived from ``token_nonce`` with the site's
    secret key; only its hash is stored, so the database alone gives no
    working link. E-mails are claimed by setting ``*_sent_at`` with a
    conditional update before they are sent, so each goes out once.
    """

    class Response(models.TextChoices):
        PENDING = "pending", _("Nog geen antwoord")
        YES = "yes", _("Ja, ik kom")
        MAYBE = "maybe", _("Misschien")
        NO = "no", _("Nee, ik kom niet")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="invitees",
        verbose_name=_("bijeenkomst"),
    )
    name = models.CharField(_("naam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(
        _("rol"), max_length=20, choices=ParticipantRole.choices, blank=True
    )
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    token_nonce = models.CharField(max_length=32, default=new_token_nonce)
    token_hash = models.CharField(max_length=64, unique=True)
    response = models.CharField(
        _("antwoord"),
        max_length=10,
        choices=Response.choices,
        default=Response.PENDING,
    )
    responded_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    needs_childcare = models.BooleanField(_("kinderopvang"), default=False)
    needs_travel_costs = models.BooleanField(_("reiskostenvergoeding"), default=False)
    needs_accessibility = models.BooleanField(_("toegankelijkheid"), default=False)
    needs_other = models.TextField(_("andere wensen"), max_length=1000, blank=True)
    invitation_requested_at = models.DateTimeField(null=True, blank=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), default=False)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        ordering = ["meeting", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], name="unique_invitee_email_per_meeting"
            )
        ]

    def __str__(self):
        return self.name or self.email

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def token_for_nonce(nonce: str) -> str:
        return salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").hexdigest()[:40]

    @property
    def token(self) -> str:
        """The personal link's token; not stored, derived from the nonce."""
        return self.token_for_nonce(self.token_nonce)

    @property
    def is_child(self) -> bool:
        return self.role in ParticipantRole.child_roles()

    @property
    def needs(self) -> list[str]:
        labels = [
            str(self._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in ("needs_childcare", "needs_travel_costs", "needs_accessibility")
            if getattr(self, name)
        ]
        if self.needs_other:
            labels.append(self.needs_other)
        return labels

    def get_rsvp_url(self) -> str:
        return reverse("meetings:rsvp", kwargs={"token": self.token})
