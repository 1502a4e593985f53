"""The chains' cases: bottlenecks (堵点/断点/卡脖子) and chain tasks (督办事项).

Both inherit ``casework.Case`` (one table for what every case has, joined one-to-one), so they
appear in every list, light count and reminder sweep of the case engine.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chains.choices import BottleneckKind, ReportCadence, Severity
from jinzhou.casework.models import Case


class Bottleneck(Case):
    bottleneck_kind = models.CharField(
        _("bottleneck kind"), max_length=12, choices=BottleneckKind.choices, default=BottleneckKind.BLOCKAGE
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.SERIOUS)
    affected_enterprises = models.ManyToManyField(
        "org.Enterprise", verbose_name=_("affected enterprises"), blank=True, related_name="bottlenecks"
    )
    resolution = models.TextField(_("resolution"), blank=True, editable=False)

    class Meta:
        verbose_name = _("bottleneck")
        verbose_name_plural = _("bottlenecks")


class ChainTask(Case):
    expected_output = models.TextField(_("expected output"), blank=True)
    report_cadence = models.CharField(
        _("progress report cadence"), max_length=10, choices=ReportCadence.choices, default=ReportCadence.MONTHLY
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)

    class Meta:
        verbose_name = _("chain task")
        verbose_name_plural = _("chain tasks")

    def schedule_next_report(self, since: dt.datetime) -> None:
        """The next progress report falls due one cadence after ``since`` (end of that day)."""
        local = timezone.localtime(since).date()
        if self.report_cadence == ReportCadence.WEEKLY:
            due = local + dt.timedelta(days=7)
        else:
            year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
            due = dt.date(year, month, min(local.day, calendar.monthrange(year, month)[1]))
        # A report cannot fall due on a day off: it moves to the next working day by the calendar.
        from jinzhou.casework.deadlines import add_working_days

        due = add_working_days(due, 0)
        self.report_due_at = timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59, 59)))

    def after_edit(self, changed: list[str]) -> None:
        # A new cadence counts from the last report (or from when work started), so switching from
        # monthly to weekly makes the next report due within a week instead of at the old date.
        if "report_cadence" in changed and self.report_due_at is not None:
            last = self.reports.order_by("-reported_at").values_list("reported_at", flat=True).first()
            self.schedule_next_report(last or self.acknowledged_at or self.assigned_at or timezone.now())


class ProgressReport(models.Model):
    task = models.ForeignKey(ChainTask, verbose_name=_("chain task"), on_delete=models.CASCADE, related_name="reports")
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    was_due_at = models.DateTimeField(_("was due at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_at", "-id"]

    @property
    def was_late(self) -> bool:
        return bool(self.was_due_at and self.reported_at and self.reported_at > self.was_due_at)

    def __str__(self) -> str:
        return f"{self.task.reference} {self.percent}%"
