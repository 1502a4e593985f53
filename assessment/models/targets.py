"""Annual targets (年度目标): one figure per year, unit and indicator. The actuals are never typed:
``assessment.selectors`` computes them from the records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.choices import RATES, Indicator, UnitKind
from jinzhou.org.models import SampleMixin

UNIT_FIELDS = {UnitKind.DEPARTMENT: "department", UnitKind.PARK: "park", UnitKind.CHAIN: "chain"}


class Target(SampleMixin):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    # Exactly one unit: a department (a city bureau, or a county or district: a Department of kind county),
    # a park, or a chain.
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department, county or district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="targets",
    )  # fmt: skip
    park = models.ForeignKey(
        "org.Park", verbose_name=_("park"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    chain = models.ForeignKey(
        "org.Chain", verbose_name=_("chain"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        ordering = ["-year", "department__name", "park__name", "chain__name", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(department__isnull=False, park__isnull=True, chain__isnull=True)
                    | Q(department__isnull=True, park__isnull=False, chain__isnull=True)
                    | Q(department__isnull=True, park__isnull=True, chain__isnull=False)
                ),
                name="target_exactly_one_unit",
            ),
            *(
                models.UniqueConstraint(
                    fields=["year", "indicator", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"target_once_per_{field}",
                )
                for field in UNIT_FIELDS.values()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.get_indicator_display()}"

    @property
    def unit_kind(self) -> str:
        return next((kind for kind, field in UNIT_FIELDS.items() if getattr(self, f"{field}_id")), "")

    @property
    def unit(self):
        return self.department or self.park or self.chain

    def clean(self) -> None:
        if sum(bool(getattr(self, f"{field}_id")) for field in UNIT_FIELDS.values()) != 1:
            raise ValidationError(_("Choose exactly one unit: a department, county or district, a park, or a chain."))
        if self.indicator in RATES and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A rate is a percentage between 0 and 100.")})
