"""申报: provincial S&T award nominations and IP research topics, a small case kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.models import Case
from jinzhou.casework.selectors import CaseQuerySet
from jinzhou.org.models import SampleMixin
from projects.choices import AwardCategory, PrizeLevel


class AwardApplication(SampleMixin, Case):
    """A nomination the city reviews and recommends (or not) to the province, and the result."""

    category = models.CharField(_("category"), max_length=20, choices=AwardCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    applicant_enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("applicant enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    applicant_institution = models.ForeignKey(
        "org.Institution",
        verbose_name=_("applicant institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    prize = models.CharField(_("prize"), max_length=10, choices=PrizeLevel.choices, blank=True, editable=False)
    award_level = models.CharField(_("award level"), max_length=30, blank=True, editable=False)
    result_note = models.TextField(_("result"), blank=True, editable=False)

    # SampleMixin comes first in the bases; the case manager (scope, lights) must still be the default.
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("award or IP application")
        verbose_name_plural = _("award and IP applications")

    @property
    def applicant(self):
        return self.applicant_enterprise or self.applicant_institution
