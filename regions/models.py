"""Youth-care regions, their municipalities and the regional trajectories.

The trajectory lives here, beside the region, so that surveys, meetings and
action plans can all point at it without an import cycle.
"""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

REGION_CODE_VALIDATOR = RegexValidator(
    r"^JZ\d{2}$", _("Een regiocode ziet eruit als JZ32.")
)
MUNICIPALITY_CODE_VALIDATOR = RegexValidator(
    r"^GM\d{4}$", _("Een gemeentecode ziet eruit als GM0268.")
)


class ParticipantRole(models.TextChoices):
    """The six perspectives of het goede gesprek, defined once for every app."""

    PLEEGOUDER = "pleegouder", _("Pleegouder")
    PLEEGKIND = "pleegkind", _("Pleegkind of pleegjongere")
    EIGEN_KIND = "eigen_kind", _("Eigen kind van pleegouders")
    OUDER = "ouder", _("Ouder")
    PROFESSIONAL = "professional", _("Professional")
    BELEIDSMAKER = "beleidsmaker", _("Beleidsmaker")

    @classmethod
    def child_roles(cls) -> frozenset[str]:
        return frozenset({cls.PLEEGKIND.value, cls.EIGEN_KIND.value})


class Region(models.Model):
    """A CBS jeugdregio, keyed on its code (JZxx) and reference year."""

    code = models.CharField(
        _("CBS-code"), max_length=4, unique=True, validators=[REGION_CODE_VALIDATOR]
    )
    name = models.CharField(_("naam"), max_length=120)
    reference_year = models.PositiveSmallIntegerField(_("peiljaar"))
    aliases = models.CharField(
        _("andere namen"),
        max_length=255,
        blank=True,
        help_text=_("Namen die mensen in de regio gebruiken, gescheiden door komma's."),
    )

    class Meta:
        verbose_name = _("jeugdzorgregio")
        verbose_name_plural = _("jeugdzorgregio's")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region_detail", kwargs={"code": self.code})


class Municipality(models.Model):
    """A CBS municipality (GMxxxx) in the indeling of its reference year."""

    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[MUNICIPALITY_CODE_VALIDATOR],
    )
    name = models.CharField(_("naam"), max_length=120)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("regio"),
    )
    reference_year = models.PositiveSmallIntegerField(_("peiljaar"))

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegionMembership(models.Model):
    """A staff member's role in one region."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Regiocoördinator")
        BELEIDSMAKER = "beleidsmaker", _("Beleidsmaker")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_memberships",
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("rol in regio")
        verbose_name_plural = _("rollen in regio's")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="unique_region_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region}"


def new_public_token() -> str:
    return secrets.token_urlsafe(12)


class Trajectory(TimeStampedModel):
    """The regional process: survey, meetings and action plan for one region."""

    class Format(models.TextChoices):
        DIALOOGTAFEL = "dialoogtafel", _("Dialoogtafel (één bijeenkomst)")
        TRAJECT = "traject", _("Traject (meerdere bijeenkomsten)")

    class Phase(models.TextChoices):
        VOORBEREIDING = "voorbereiding", _("Voorbereiding")
        VRAGENLIJST_OPEN = "vragenlijst_open", _("Vragenlijst open")
        BIJEENKOMSTEN = "bijeenkomsten", _("Bijeenkomsten")
        ACTIEPLAN = "actieplan", _("Actieplan")
        AFGEROND = "afgerond", _("Afgerond")

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("regio"),
    )
    name = models.CharField(_("naam"), max_length=150)
    format = models.CharField(
        _("vorm"), max_length=20, choices=Format.choices, default=Format.TRAJECT
    )
    phase = models.CharField(
        _("fase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.VOORBEREIDING,
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="trajectories",
        verbose_name=_("gemeenten"),
        blank=True,
    )
    survey_opens_on = models.DateField(_("vragenlijst open vanaf"), null=True)
    survey_closes_on = models.DateField(_("vragenlijst open tot en met"), null=True)
    targets = models.JSONField(_("streefaantal per rol"), default=dict, blank=True)
    public_token = models.CharField(
        max_length=32, unique=True, default=new_public_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_trajectories",
        blank=True,
        verbose_name=_("gespreksleiders"),
    )
    policy_makers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="policy_trajectories",
        blank=True,
        verbose_name=_("beleidsmakers"),
    )
    # Set when the trajectory moves to "afgerond"; the retention period runs
    # from here. ``personal_data_deleted_on`` marks the clean-up as done.
    closed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    personal_data_deleted_on = models.DateField(
        _("persoonlijke gegevens gewist op"), null=True, blank=True
    )
    retention_warned_on = models.DateField(
        _("gewaarschuwd voor het wissen op"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(survey_closes_on__isnull=True)
                | models.Q(survey_opens_on__isnull=True)
                | models.Q(survey_closes_on__gte=models.F("survey_opens_on")),
                name="trajectory_survey_period_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:trajectory_detail", kwargs={"pk": self.pk})
