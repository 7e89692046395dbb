"""The action plan of a trajectory: goals and actions per chosen topic.

Goals and actions carry a ``version`` number: a save names the version it
started from and is one conditional UPDATE, so of two people saving the same
row at the same time exactly one wins and the other is shown what changed.
Publishing stores a JSON snapshot per version; each version keeps its PDF,
which lives outside the public media folder and is served by a view that
checks permission.
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from regions.models import Trajectory
from sessions_app.models import Topic


class PrivateStorage(FileSystemStorage):
    """Files with no URL: only a permission-checking view reads them."""

    # Plain properties, not cached: tests point the setting elsewhere.
    @property
    def base_location(self):
        return str(
            getattr(settings, "PRIVATE_MEDIA_ROOT", None)
            or os.path.join(settings.BASE_DIR, "private")
        )

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Private files have no public URL.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


class ActionPlan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")

    trajectory = models.OneToOneField(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="action_plan",
        verbose_name=_("traject"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Set by every change after a publication, cleared by publishing.
    has_unpublished_changes = models.BooleanField(default=False)
    # "YYYY-MM" of the last monthly summary to the coordinator: one a month.
    summary_sent_for = models.CharField(max_length=7, blank=True)

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")

    def __str__(self):
        return str(self.trajectory)

    def get_absolute_url(self):
        return reverse("actionplans:plan", kwargs={"pk": self.trajectory_id})


class PlanTopic(TimeStampedModel):
    """A chosen topic in the plan, with its goal (wat willen we bereiken)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="plan_topics"
    )
    # The topic keeps its link to the survey theme and the vote that chose it.
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="plan_entries",
        verbose_name=_("onderwerp"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    goal = models.TextField(_("wat willen we bereiken"), blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("onderwerp in het plan")
        verbose_name_plural = _("onderwerpen in het plan")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "topic"], name="actionplans_one_entry_per_topic"
            )
        ]

    def __str__(self):
        return self.topic.title


class Action(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Gereed")
        DROPPED = "dropped", _("Vervallen")

    plan_topic = models.ForeignKey(
        PlanTopic, on_delete=models.CASCADE, related_name="actions"
    )
    how = models.TextField(_("hoe: wat gaan we doen"), max_length=2000)
    owner_organisation = models.CharField(_("wie: organisatie"), max_length=150)
    owner_contact = models.CharField(
        _("wie: contactpersoon of rol"), max_length=150, blank=True
    )
    owner_email = models.EmailField(_("e-mailadres eigenaar"), blank=True)
    other_parties = models.TextField(
        _("andere partijen nodig"), blank=True, max_length=1000
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    resources = models.TextField(_("middelen"), blank=True, max_length=1000)
    success_measure = models.TextField(
        _("hoe weten we dat het gewerkt heeft"), blank=True, max_length=1000
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.how[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.is_open and self.deadline and self.deadline < today)


class ProgressNote(models.Model):
    """A dated update on an action, by the coordinator or the action's owner."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("datum"), default=timezone.localdate)
    text = models.TextField(_("voortgang"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Action.Status.choices, blank=True
    )
    author_name = models.CharField(_("door"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["-noted_on", "-pk"]

    def __str__(self):
        return f"{self.noted_on}: {self.text[:40]}"


class PlanVersion(models.Model):
    """A published version: its snapshot and its PDF."""

    class PdfStatus(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RENDERING = "rendering", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versie"))
    snapshot = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)
    language = models.CharField(max_length=8, default="nl")
    pdf = models.FileField(storage=private_storage, upload_to="plans/", blank=True)
    pdf_status = models.CharField(
        max_length=12, choices=PdfStatus.choices, default=PdfStatus.QUEUED
    )
    pdf_error = models.CharField(max_length=300, blank=True)
    pdf_claimed_at = models.DateTimeField(null=True, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("versie van het actieplan")
        verbose_name_plural = _("versies van het actieplan")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="actionplans_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class PdfDownload(models.Model):
    """Who downloaded which PDF, when."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.version} {self.downloaded_at:%Y-%m-%d}"


def new_owner_link_nonce() -> str:
    return secrets.token_urlsafe(12)


class OwnerLink(TimeStampedModel):
    """A personal, revocable link for an action's owner, who has no account.

    The link's token is signed with the secret key over the row's id and its
    ``nonce``, so the site can make the same link again (for the overdue
    reminder) without storing it; revoking changes the nonce, and every
    token made before stops working. Links from before signed tokens were
    stored as a SHA-256 (``token_hash``) and keep working until revoked.
    One link covers the actions of one e-mail address in one plan.
    """

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="owner_links"
    )
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    nonce = models.CharField(max_length=32, default=new_owner_link_nonce)
    # Only for links made before signed tokens; new links leave it empty.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link voor actie-eigenaar")
        verbose_name_plural = _("links voor actie-eigenaren")
        ordering = ["email", "pk"]

    def __str__(self):
        return self.email

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OverdueReminder(models.Model):
    """When an overdue action's owner was last reminded (at most once a week)."""

    action = models.OneToOneField(
        Action, on_delete=models.CASCADE, related_name="overdue_reminder"
    )
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"{self.action_id} {self.sent_at:%Y-%m-%d}"
