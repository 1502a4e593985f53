"""到位资金: money an investment project has actually received, recorded by date (亿元).

The annual targets' 到位资金 is the sum of these rows by their ``date`` (docs/metrics.md, "Targets");
a project's signed amount (``InvestmentProject.amount_yi``) is what was promised, these are what arrived."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.org.models import SampleMixin


class FundsReceipt(SampleMixin):
    project = models.ForeignKey(
        "projects.InvestmentProject",
        verbose_name=_("investment project"),
        on_delete=models.CASCADE,
        related_name="funds_receipts",
    )
    date = models.DateField(_("date received"), db_index=True)
    amount_yi = models.DecimalField(
        _("amount received (100M yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source of funds"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funds received")
        verbose_name_plural = _("funds received")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount_yi}"
