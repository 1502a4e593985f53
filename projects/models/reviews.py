"""揭榜 applications to a challenge, and their expert review (评审): experts, score sheets, scores."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jinzhou.org.models import SampleMixin
from jinzhou.org.selectors import RestrictedQuerySet
from projects.choices import ApplicationStatus, SheetStatus


class Expert(SampleMixin):
    """A reviewer. Their affiliations decide conflicts of interest; a linked user may score online."""

    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("title"), max_length=60, blank=True)
    specialty = models.CharField(_("specialty"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
    )
    enterprises = models.ManyToManyField(
        "org.Enterprise", verbose_name=_("affiliated enterprises"), blank=True, related_name="experts"
    )
    institutions = models.ManyToManyField(
        "org.Institution", verbose_name=_("affiliated institutions"), blank=True, related_name="experts"
    )
    history = HistoricalRecords(m2m_fields=[enterprises, institutions])

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


class ApplicationQuerySet(RestrictedQuerySet):
    """Scope: ``projects.selectors.application_scope_q`` (the same rows for "view" and "change")."""

    def _restrict(self, user, action: str):
        from projects.selectors import application_scope_q

        return self.filter(application_scope_q(user))


class ChallengeApplication(models.Model):
    """A team's application (揭榜申请): a lead unit (an enterprise or an institution) with partners."""

    challenge = models.ForeignKey(
        "projects.Challenge", verbose_name=_("challenge"), on_delete=models.PROTECT, related_name="applications"
    )
    lead_enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("lead enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_applications",
    )
    lead_institution = models.ForeignKey(
        "org.Institution",
        verbose_name=_("lead institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_applications",
    )
    partner_enterprises = models.ManyToManyField(
        "org.Enterprise", verbose_name=_("partner enterprises"), blank=True, related_name="partner_applications"
    )
    partner_institutions = models.ManyToManyField(
        "org.Institution", verbose_name=_("partner institutions"), blank=True, related_name="partner_applications"
    )
    team = models.TextField(_("team"))
    plan = models.TextField(_("technical plan"))
    budget_wan = models.DecimalField(
        _("budget (10k yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    eligibility_note = models.TextField(_("eligibility note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    selected = models.BooleanField(_("selected for the award"), default=False)
    award_reason = models.TextField(_("reason for the selection"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[partner_enterprises, partner_institutions])

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge application")
        verbose_name_plural = _("challenge applications")
        ordering = ["challenge", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_enterprise__isnull=False, lead_institution__isnull=True)
                | Q(lead_enterprise__isnull=True, lead_institution__isnull=False),
                name="application_one_lead_unit",
            ),
            # A unit leads at most one live application per challenge (a withdrawn one may be replaced).
            models.UniqueConstraint(
                fields=["challenge", "lead_enterprise"],
                condition=~Q(status="withdrawn"),
                name="application_unique_lead_enterprise",
            ),
            models.UniqueConstraint(
                fields=["challenge", "lead_institution"],
                condition=~Q(status="withdrawn"),
                name="application_unique_lead_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge.reference} · {self.lead_unit}"

    @property
    def lead_unit(self):
        return self.lead_enterprise or self.lead_institution


def application_file_path(instance: "ApplicationAttachment", filename: str) -> str:
    # A random name on disk, as for case attachments: the user's file name is kept in the row only.
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ApplicationAttachment(models.Model):
    """A file of an application (plan, budget sheet, agreements), checked by the case attachments' rules
    (``casework.services.files.validate_upload``) and seen only by those who see the application."""

    application = models.ForeignKey(
        ChallengeApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=application_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ScoreSheet(models.Model):
    """One expert's review of one application: assigned by the bureau, then scored and submitted."""

    application = models.ForeignKey(
        ChallengeApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="sheets"
    )
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.ASSIGNED)
    total = models.DecimalField(
        _("weighted score"), max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    comment = models.TextField(pgettext_lazy("score sheet", "comment"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["application", "expert__name", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="sheet_one_per_expert")]

    def __str__(self) -> str:
        return f"{self.application} · {self.expert}"


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "projects.ScoringCriterion", verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"
