"""A chain's own figures (产业链运行监测): the chain-leader department reports them each month or
quarter as a case (``ChainReport``), so the deadline, the reminders and the office's review are
the engine's. Every figure is typed with its unit; the capacity rows name an enterprise and a unit."""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chains.choices import CapacityUnit, FiguresCadence
from jinzhou.casework.models import Case
from jinzhou.org.models.chart import SampleMixin

ZERO = Decimal("0")
AMOUNT = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(ZERO)]}
DEFAULT_DEADLINE_DAYS = 5


class ChainReportSetting(models.Model):
    """How often a chain reports its figures and how many working days after the period it has.
    A chain without a row reports monthly, 5 working days after the month ends."""

    chain = models.OneToOneField(
        "org.Chain", verbose_name=_("chain"), on_delete=models.CASCADE, related_name="report_setting"
    )
    cadence = models.CharField(
        _("reporting cadence"), max_length=10, choices=FiguresCadence.choices, default=FiguresCadence.MONTHLY
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("working days to report"),
        default=DEFAULT_DEADLINE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Counted by the working-day calendar from the day after the period ends."),
    )
    enabled = models.BooleanField(_("reports opened"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chain report setting")
        verbose_name_plural = _("chain report settings")

    def __str__(self) -> str:
        return f"{self.chain} {self.get_cadence_display()}"


class ChainReport(SampleMixin, Case):
    """产业链运行监测报告: one per chain and period (the chain is ``reporting_chain``, equal to the
    case's ``chain``, so that the database holds one report per chain and period)."""

    reporting_chain = models.ForeignKey(
        "org.Chain", verbose_name=_("chain"), on_delete=models.PROTECT, related_name="figure_reports", editable=False
    )
    cadence = models.CharField(_("reporting cadence"), max_length=10, choices=FiguresCadence.choices, editable=False)
    period_start = models.DateField(_("period start"), editable=False)
    period_end = models.DateField(_("period end"), editable=False)
    output_value = models.DecimalField(_("output value (100 million yuan)"), null=True, blank=True, **AMOUNT)
    above_scale_enterprises = models.PositiveIntegerField(_("enterprises above designated size"), null=True, blank=True)
    investment_in_progress = models.DecimalField(
        _("investment in projects under construction (100 million yuan)"), null=True, blank=True, **AMOUNT
    )
    bottlenecks_solved = models.PositiveIntegerField(_("bottlenecks solved in the period"), null=True, blank=True)
    narrative = models.TextField(_("operation and problems"), blank=True)

    class Meta:
        verbose_name = _("chain report")
        verbose_name_plural = _("chain reports")
        constraints = [
            models.UniqueConstraint(fields=["reporting_chain", "period_start"], name="chain_report_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="chain_report_period"
            ),
        ]

    @property
    def period_label(self) -> str:
        return period_label(self.cadence, self.period_start)


def period_label(cadence: str, start: dt.date) -> str:
    if cadence == FiguresCadence.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年{start.month}月"


class CapacityRow(models.Model):
    """A key enterprise's capacity in a report: e.g. 中信钛业, 氯化法钛白粉, 6 → 12 万吨/年."""

    report = models.ForeignKey(
        ChainReport, verbose_name=_("chain report"), on_delete=models.CASCADE, related_name="capacities"
    )
    enterprise = models.ForeignKey(
        "org.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="capacity_rows"
    )
    product = models.CharField(_("product"), max_length=80)
    current_capacity = models.DecimalField(_("current capacity"), **AMOUNT)
    planned_capacity = models.DecimalField(_("planned capacity"), null=True, blank=True, **AMOUNT)
    unit = models.CharField(_("unit"), max_length=16, choices=CapacityUnit.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.product} {self.current_capacity} {self.get_unit_display()}"
