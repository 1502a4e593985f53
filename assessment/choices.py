"""The indicators of the annual targets and of the assessment schemes, and the assessments' states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """What a target counts; each is computed from the records (``assessment.selectors``, docs/metrics.md)."""

    ACTIVITIES = "activities", _("Investment activity batches")
    ENTERPRISES_MET = "enterprises_met", _("Enterprises met")
    PROJECTS_SIGNED = "projects_signed", _("Projects signed")
    SIGNED_AMOUNT = "signed_amount", _("Signed amount (100M yuan)")
    FUNDS_RECEIVED = "funds_received", _("Funds received (100M yuan)")
    PROJECTS_STARTED = "projects_started", _("Projects started")
    PROJECTS_PRODUCING = "projects_producing", _("Projects in production")
    ON_TIME_RATE = "on_time_rate", _("On-time closure rate (%, at least)")
    OVERDUE_RATE = "overdue_rate", _("Overdue rate (%, at most)")
    CHALLENGES_PUBLISHED = "challenges_published", _("Challenges published")
    CHALLENGES_AWARDED = "challenges_awarded", _("Challenges awarded")
    ALLIANCES = "alliances", _("Alliances approved")
    ALLIANCES_QUALIFIED = "alliances_qualified", _("Alliances evaluated as qualified")


# A rate is a floor or a ceiling met or not, never "ahead of the calendar"; every other indicator is
# a count or a sum that grows through the year.
FLOOR_RATES = (Indicator.ON_TIME_RATE,)
CEILING_RATES = (Indicator.OVERDUE_RATE,)
RATES = (*FLOOR_RATES, *CEILING_RATES)


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department, county or district")
    PARK = "park", _("Park")
    CHAIN = "chain", _("Chain")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class Measure(models.TextChoices):
    """What one line of an assessment scheme scores (``assessment.services.assessments``)."""

    ON_TIME_RATE = "on_time_rate", _("On-time closure rate: full marks × rate")
    OVERDUE_RATE = "overdue_rate", _("Overdue rate: full marks × (1 − rate)")
    TARGETS_MET = "targets_met", _("Annual targets met: full marks × share of the unit's targets met")
    NOTICES = "notices", _("Supervision notices received: deduction per notice")
    LATE_REPORTS = "late_reports", _("Late progress reports: deduction per report")
