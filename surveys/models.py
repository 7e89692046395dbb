"""The experience survey: a trajectory's questionnaire and its anonymous answers.

Nothing here identifies a respondent: a response holds the perspective it was
given from, an optional municipality, an age band for children and the
answers. No IP address, user agent, account or timestamp finer than the day.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from regions.models import Municipality
from regions.models import ParticipantRole
from regions.models import Trajectory


class Questionnaire(TimeStampedModel):
    """A trajectory's own copy of the questionnaire.

    ``version`` goes up with every edit, so cached question sets stay right.
    It is frozen (no edits) from the first response on.
    """

    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="questionnaire"
    )
    source_version = models.PositiveIntegerField(_("versie standaardvragenlijst"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")

    def __str__(self):
        return str(self.trajectory)


class Theme(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="themes"
    )
    key = models.SlugField(max_length=60)
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    child_title = models.CharField(_("titel voor kinderen"), max_length=200, blank=True)
    child_title_en = models.CharField(
        _("titel voor kinderen (Engels)"), max_length=200, blank=True
    )
    roles = models.JSONField(_("voor rollen"), default=list)
    position = models.PositiveIntegerField(default=0)
    enabled = models.BooleanField(_("aan"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="unique_theme_key"
            )
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Stelling (eens/oneens)")
        SINGLE = "single", _("Eén keuze")
        MULTIPLE = "multiple", _("Meerdere keuzes")
        OPEN = "open", _("Open vraag")

    class OpenKind(models.TextChoices):
        WENT_WELL = "went_well", _("Wat gaat goed?")
        COULD_BE_BETTER = "could_be_better", _("Wat kan beter?")
        OTHER = "other", _("Andere open vraag")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    open_kind = models.CharField(
        max_length=20, choices=OpenKind.choices, blank=True, default=""
    )
    text = models.TextField(_("tekst"), max_length=500)
    text_en = models.TextField(_("tekst (Engels)"), max_length=500, blank=True)
    child_text = models.TextField(_("tekst voor kinderen"), max_length=500, blank=True)
    child_text_en = models.TextField(
        _("tekst voor kinderen (Engels)"), max_length=500, blank=True
    )
    # Set when the Dutch wording changed and its English one did not: the
    # editor marks the question until someone updates the English text.
    english_stale = models.BooleanField(_("Engelse tekst nakijken"), default=False)
    roles = models.JSONField(_("voor rollen"), default=list)
    # [{"value": "a", "label": "...", "label_en": "..."}] for single/multiple.
    choices = models.JSONField(_("keuzes"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "key"], name="unique_question_key")
        ]

    def __str__(self):
        return self.text[:80]


class Response(models.Model):
    """One submitted, anonymous survey."""

    class AgeBand(models.TextChoices):
        UNDER_12 = "8-11", _("8 t/m 11 jaar")
        FROM_12 = "12-15", _("12 t/m 15 jaar")
        FROM_16 = "16-17", _("16 of 17 jaar")
        ADULT = "18+", _("18 jaar of ouder")

    class FosterType(models.TextChoices):
        NETWERK = "netwerk", _("Netwerkpleegouder (familie of bekende van het kind)")
        BESTAND = "bestand", _("Bestandspleegouder (het kind was nieuw voor ons)")
        BOTH = "beide", _("Allebei")

    class CareType(models.TextChoices):
        VOLTIJD = "voltijd", _("Voltijd")
        DEELTIJD = "deeltijd", _("Deeltijd (bijvoorbeeld weekend of vakantie)")
        CRISIS = "crisis", _("Crisisopvang")

    # No index of its own: the (questionnaire, role) index below serves
    # look-ups by questionnaire.
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    role = models.CharField(
        _("perspectief"), max_length=20, choices=ParticipantRole.choices
    )
    other_roles = models.JSONField(_("ook"), default=list, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    foster_type = models.CharField(
        max_length=10, choices=FosterType.choices, blank=True
    )
    care_types = models.JSONField(default=list, blank=True)
    submitted_on = models.DateField(_("ingestuurd op"))
    # A random key drawn at submit, owing nothing to the resume token (whose
    # hashes stand in access logs through every survey URL): it only gives
    # exports a stable order that says nothing. A repeated submit is caught by
    # ``SpentToken``, which has no link to the response. Unique by a
    # constraint in Meta rather than ``unique=True``, which on PostgreSQL adds
    # a second index for LIKE queries that nothing runs.
    submission_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        indexes = [models.Index(fields=["questionnaire", "role"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"], name="unique_response_submission_key"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.submitted_on}"


class Answer(models.Model):
    """One answer; a multiple-choice question gets one row per chosen option.

    ``number`` holds a Likert answer, 1 (helemaal oneens) to 5 (helemaal
    eens), and ``0`` for "weet ik niet".
    """

    DONT_KNOW = 0

    # Neither foreign key has a constraint in the database. Answers are only
    # ever written by the submit, in the same statement as their response and
    # for question ids checked against the questionnaire; a per-row check of
    # both keys cost PostgreSQL 120 look-ups and more CPU than storing the
    # sixty rows. Django still cascades the delete of a response and refuses
    # to delete a question that has answers (on_delete below).
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        db_constraint=False,
    )
    # Indexed only for open answers (see Meta). Statistics, exports and
    # insights reach answers through their response; only the review of open
    # answers looks them up by question. An index on every answer cost each
    # submit a third of the time it takes to store its sixty rows.
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="answers",
        db_index=False,
        db_constraint=False,
    )
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=50, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        indexes = [
            models.Index(
                fields=["question"],
                condition=~models.Q(text=""),
                name="answer_open_question_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__isnull=True)
                | models.Q(number__gte=0, number__lte=5),
                name="answer_number_in_scale",
            )
        ]

    def __str__(self):
        return f"{self.question_id}: {self.number or self.choice or self.text[:40]}"


class SurveyDraft(models.Model):
    """A survey in progress, resumable with a secret link.

    Only a hash of the token is stored. ``data`` holds the context answers
    and the answers so far, keyed by question id. The draft is deleted when
    the survey is submitted.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="drafts"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, blank=True)
    role_fixed = models.BooleanField(default=False)
    data = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=0)
    updated_on = models.DateField()

    class Meta:
        verbose_name = _("vragenlijst in uitvoering")
        verbose_name_plural = _("vragenlijsten in uitvoering")

    def __str__(self):
        return f"draft {self.pk}"


class SpentToken(models.Model):
    """The hash of a resume token whose survey was sent in: sent once only.

    Deliberately bare: no link to the response, no time, no sequential key,
    so that a token (which stands in survey URLs and so in access logs)
    cannot be traced to the answers it sent. The submit writes it in the
    same statement that deletes the draft and stores the response.
    """

    token_hash = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("ingestuurde link")
        verbose_name_plural = _("ingestuurde links")

    def __str__(self):
        return "spent token"


class OpenAnswerReview(models.Model):
    """A facilitator's review of one open answer before anyone else reads it.

    No review row means "not reviewed yet". An answer flagged ``unsafe``
    (it suggests a child may not be safe) is never shown in a meeting or a
    report, whatever its status; the flag itself is shown to trajectory staff
    only, who then follow the meldcode.
    """

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Nog niet bekeken")
        APPROVED = "approved", _("Goedgekeurd")
        EDITED = "edited", _("Aangepast en goedgekeurd")
        HIDDEN = "hidden", _("Verborgen")

    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.UNREVIEWED
    )
    edited_text = models.TextField(_("aangepaste tekst"), blank=True, max_length=2000)
    unsafe = models.BooleanField(_("mogelijk onveilig"), default=False)
    auto_flagged = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("beoordeling open antwoord")
        verbose_name_plural = _("beoordelingen open antwoorden")

    def __str__(self):
        return f"{self.answer_id}: {self.status}"

    @property
    def shown_text(self) -> str | None:
        """The text that may be shown in a meeting or report, or None."""
        if self.unsafe:
            return None
        if self.status == self.Status.APPROVED:
            return self.answer.text
        if self.status == self.Status.EDITED:
            return self.edited_text
        return None
