"""The annual evaluation of an alliance (``PG``) and the indicator weights it is scored with."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliances.choices import Indicator, Tier
from jinzhou.casework.models import Case


class IndicatorWeightsQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "IndicatorWeights | None":
        """The weights that apply to an evaluation of ``year``: the latest set valid from then or earlier."""
        return self.filter(valid_from__lte=year).order_by("-valid_from").first()


class IndicatorWeights(models.Model):
    """Whole-percentage weights of the five indicators, summing to 100, valid from a year on.

    Edited in the admin. A result that stands keeps the weights it was computed with
    (``AllianceEvaluation.weights_used``), so a later change does not rewrite past years."""

    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), unique=True)
    innovation = models.PositiveSmallIntegerField(Indicator.INNOVATION.label, default=20)
    performance = models.PositiveSmallIntegerField(Indicator.PERFORMANCE.label, default=20)
    service = models.PositiveSmallIntegerField(Indicator.SERVICE.label, default=20)
    operation = models.PositiveSmallIntegerField(Indicator.OPERATION.label, default=20)
    benefit_sharing = models.PositiveSmallIntegerField(Indicator.BENEFIT_SHARING.label, default=20)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = IndicatorWeightsQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator weights")
        verbose_name_plural = _("indicator weights")
        ordering = ["-valid_from"]
        constraints = [
            # clean() says it in words in the admin; the database refuses it from anywhere else.
            models.CheckConstraint(
                condition=Exact(
                    F("innovation") + F("performance") + F("service") + F("operation") + F("benefit_sharing"), 100
                ),
                name="indicatorweights_sum_100",
            )
        ]

    def __str__(self) -> str:
        return _("Weights from %(year)s") % {"year": self.valid_from}

    def as_dict(self) -> dict[str, int]:
        return {code: getattr(self, code) for code in Indicator.values}

    def clean(self) -> None:
        super().clean()
        total = sum(value or 0 for value in self.as_dict().values())
        if total != 100:
            raise ValidationError(_("The weights add up to %(total)d; they must add up to 100.") % {"total": total})


class AllianceEvaluation(Case):
    """One year's evaluation of one alliance: the lead member's self-assessment, then the city's review
    in stages (初评 → 复评 → 会评). Only the 会评 makes the result (total, tier) stand."""

    alliance = models.ForeignKey(
        "alliances.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    self_report = models.TextField(_("self-assessment report"), blank=True, editable=False)
    # Scores by indicator code, as strings of decimals (0–100, two decimals at most).
    self_scores = models.JSONField(_("self-assessment scores"), default=dict, blank=True, editable=False)
    # The evidence the lead member gives for each indicator, by indicator code.
    self_evidence = models.JSONField(_("self-assessment evidence"), default=dict, blank=True, editable=False)
    scores = models.JSONField(_("review scores"), default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("self-assessment submitted at"), null=True, blank=True, editable=False)
    submitted_on_time = models.BooleanField(_("submitted on time"), null=True, editable=False)
    # The deadline the submission was held to (``due_at`` is cleared once the self-assessment is in).
    submitted_due_at = models.DateTimeField(_("self-assessment was due"), null=True, blank=True, editable=False)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=4, null=True, blank=True, editable=False)
    tier = models.CharField(_("activity tier"), max_length=12, choices=Tier.choices, blank=True, editable=False)
    weights_used = models.JSONField(_("weights used"), default=dict, blank=True, editable=False)
    result_final = models.BooleanField(_("result stands"), default=False, editable=False)
    earns_grade_a = models.BooleanField(_("earns grade A"), default=False, editable=False)
    flags_removal = models.BooleanField(_("flags for removal"), default=False, editable=False)

    class Meta:
        verbose_name = _("alliance evaluation")
        verbose_name_plural = _("alliance evaluations")
        constraints = [models.UniqueConstraint(fields=["alliance", "year"], name="allianceevaluation_once_a_year")]

    def clean(self) -> None:
        super().clean()
        if self.chain_id:
            raise ValidationError({"chain": _("An evaluation follows its alliance's scope; it has no chain.")})

    @property
    def total_display(self) -> str:
        return f"{self.total.quantize(Decimal('0.01'))}" if self.total is not None else ""
