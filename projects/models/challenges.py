"""揭榜挂帅: programmes, their scoring criteria, challenges (a case kind) and milestones (sub-cases)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework.models import Case
from jinzhou.casework.selectors import CaseQuerySet
from jinzhou.org.models import SampleMixin


class Programme(SampleMixin):
    """A year's programme of challenges (e.g. 春芽计划 2022), with the criteria its experts score by."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("challenge programme")
        verbose_name_plural = _("challenge programmes")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class ScoringCriterion(models.Model):
    """One line of the score sheet. A sheet's score is the weighted mean of its lines."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.01)], help_text=_("E.g. 40 (%).")
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["programme", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="criterion_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Challenge(SampleMixin, Case):
    """A key technical problem the city publishes for teams to take on (发榜 → 揭榜 → 评审 → 挂帅 → 验收).

    Its deadline (``Case.due_at``) is whatever the work runs against in its state: the application
    deadline while published, the rectification deadline while rectifying, the acceptance date
    (end of the contract period) once awarded; so the reminder sweep needs nothing of its own."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="challenges"
    )
    technical_problem = models.TextField(_("key technical problem"))
    target_indicators = models.TextField(_("target indicators"), blank=True)
    proposing_enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("proposing enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_challenges",
    )
    funding_wan = models.DecimalField(
        _("funding (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    window_opens_on = models.DateField(_("applications open on"), null=True, blank=True, editable=False)
    applications_due_at = models.DateTimeField(_("application deadline"), null=True, blank=True, editable=False)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True, editable=False)
    contract_amount_wan = models.DecimalField(
        _("contract amount (10k yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    contract_start = models.DateField(_("contract period from"), null=True, blank=True, editable=False)
    contract_end = models.DateField(_("contract period to (acceptance)"), null=True, blank=True, editable=False)
    award_reason = models.TextField(_("reason for the award"), blank=True, editable=False)
    rectification_note = models.TextField(_("rectification required"), blank=True, editable=False)
    outcome_note = models.TextField(_("outcome"), blank=True, editable=False)

    # SampleMixin comes first in the bases; the case manager (scope, lights) must still be the default.
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")


class Milestone(Case):
    """A stage of an awarded challenge's work (a sub-case, ``parent`` is the challenge) with its own deadline."""

    application = models.ForeignKey(
        "projects.ChallengeApplication",
        verbose_name=_("awarded application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        editable=False,
    )
    deliverable = models.TextField(_("deliverable"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class MilestoneReport(models.Model):
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="reports"
    )
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone progress report")
        verbose_name_plural = _("milestone progress reports")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.milestone.reference} {self.percent}%"
