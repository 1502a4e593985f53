from django.db import models
from django.utils.translation import gettext_lazy as _


class BottleneckKind(models.TextChoices):
    BLOCKAGE = "blockage", _("Blockage (堵点)")
    BREAK = "break", _("Break (断点)")
    CHOKEPOINT = "chokepoint", _("Chokepoint (卡脖子)")


class Severity(models.IntegerChoices):
    MINOR = 1, _("Minor")
    SERIOUS = 2, _("Serious")
    MAJOR = 3, _("Major")


class ReportCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class FiguresCadence(models.TextChoices):
    """How often a chain's leading department reports the chain's figures (产业链运行监测)."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class CapacityUnit(models.TextChoices):
    """Units of a production capacity: always typed, never free text."""

    WAN_TONNES = "wan_t_year", "万吨/年"
    TONNES = "t_year", "吨/年"
    WAN_PIECES = "wan_pcs_year", "万件/年"
    WAN_SETS = "wan_sets_year", "万台(套)/年"
    YI_YUAN = "yi_yuan_year", "亿元/年"
    MW = "mw", "兆瓦"
