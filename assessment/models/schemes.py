"""The annual assessment of the departments (年度考核): a scheme the office edits (its lines, their
weights and how each scores), and each year's assessment with its rows, kept as published."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.choices import AssessmentStatus, Measure


class Scheme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(_("default scheme"), default=False)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class SchemeLine(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("indicator"), max_length=60)
    measure = models.CharField(_("scored by"), max_length=20, choices=Measure.choices)
    weight = models.DecimalField(
        _("full marks"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("The points of this line; a deduction line cannot take more than these."),
    )  # fmt: skip
    deduction = models.DecimalField(
        _("deduction per item"), max_digits=6, decimal_places=2, default=0, validators=[MinValueValidator(0)],
        help_text=_("For supervision notices and late reports: the points taken off for each."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme line")
        verbose_name_plural = _("scheme lines")
        ordering = ["scheme", "order", "id"]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=12, choices=AssessmentStatus.choices, default="draft")
    # The scheme's lines as they were computed (label, measure, weight, deduction), so a published
    # assessment keeps its columns even if the office edits the scheme later.
    lines = models.JSONField(_("lines used"), default=list, editable=False)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    as_of = models.DateField(_("records as of"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["year"], name="assessment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.scheme}"


class AssessmentRow(models.Model):
    """One department's figures and score; written by the compute service only, frozen once published."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="rows"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True)
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=2)
    # Per line (in the order of ``Assessment.lines``): {"figure": shown text, "score": points}.
    figures = models.JSONField(_("figures"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment row")
        verbose_name_plural = _("assessment rows")
        ordering = ["assessment", "rank", "department__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "department"], name="assessment_row_once_per_department")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.total}"
