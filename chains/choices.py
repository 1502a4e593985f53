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
