"""主体培育: the designations enterprises hold (链主, 龙头/重点, 规上, 专精特新, 高新技术, 科技型中小企业),
each with its year and the list or document that named it, and each chain's cultivation list (培育库):
the enterprises a chain means to bring to a designation by a target year, and the department in charge."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.org.choices import DESIGNATIONS_WITH_LEVEL, Designation, DesignationLevel

year_validators = [MinValueValidator(1990), MaxValueValidator(2100)]


def designation_label(designation: str, level: str) -> str:
    """“省级专精特新企业”, “国家级专精特新‘小巨人’企业” or “链主企业”: the level first, as the lists name them."""
    if designation == Designation.SPECIALISED and level == DesignationLevel.NATIONAL:
        return str(_("National SRDI “little giant” enterprise"))
    name = Designation(designation).label
    if not level:
        return str(name)
    return gettext("%(level)s %(designation)s") % {"level": DesignationLevel(level).label, "designation": name}


def check_level(designation: str, level: str, *, field: str) -> None:
    if designation in DESIGNATIONS_WITH_LEVEL and not level:
        raise ValidationError({field: _("This designation is given at a level: choose city, provincial or national.")})


class EnterpriseDesignation(models.Model):
    enterprise = models.ForeignKey(
        "Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="designations"
    )
    designation = models.CharField(_("designation"), max_length=20, choices=Designation.choices)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=DesignationLevel.choices,
        blank=True,
        help_text=_("Required for SRDI enterprises; the national level is the “little giant”."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("The list or document that named the enterprise.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise designation")
        verbose_name_plural = _("enterprise designations")
        ordering = ["-year", "designation", "level", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "designation", "level", "year"], name="designation_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.label} · {self.year}"

    @property
    def label(self) -> str:
        return designation_label(self.designation, self.level)

    def clean(self) -> None:
        super().clean()
        check_level(self.designation, self.level, field="level")


class CultivationEntry(models.Model):
    """An enterprise on a chain's cultivation list (培育库), to be brought to a designation by a year."""

    enterprise = models.ForeignKey(
        "Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="cultivation_entries"
    )
    chain = models.ForeignKey(
        "Chain", verbose_name=_("chain"), on_delete=models.PROTECT, related_name="cultivation_entries"
    )
    target_designation = models.CharField(_("target designation"), max_length=20, choices=Designation.choices)
    target_level = models.CharField(_("target level"), max_length=10, choices=DesignationLevel.choices, blank=True)
    department = models.ForeignKey(
        "Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="cultivation_entries",
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=year_validators)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cultivation list entry")
        verbose_name_plural = _("cultivation list")
        ordering = ["chain__order", "chain__code", "target_year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "enterprise", "target_designation", "target_level"], name="cultivation_unique_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.enterprise} → {self.target_label}"

    @property
    def target_label(self) -> str:
        return designation_label(self.target_designation, self.target_level)

    def clean(self) -> None:
        super().clean()
        check_level(self.target_designation, self.target_level, field="target_level")
