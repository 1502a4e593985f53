"""The alliances' vocabulary: member roles, the five evaluation indicators and the activity tiers."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# The department that handles alliances (锦州市科学技术局), by its code in seeds/data/jinzhou.json.
BUREAU_CODE = "most"


class MemberRole(models.TextChoices):
    VICE_LEAD = "vice_lead", _("Vice lead member")
    MEMBER = "member", _("Member")
    TECHNICAL_SUPPORT = "technical_support", _("Technical support member")


class Indicator(models.TextChoices):
    """The five indicators of the annual evaluation; the codes are the keys of the score dicts and
    the field names of ``IndicatorWeights``."""

    INNOVATION = "innovation", _("Innovation activity")
    PERFORMANCE = "performance", _("Performance")
    SERVICE = "service", _("Service to the industry")
    OPERATION = "operation", _("Operation and management")
    BENEFIT_SHARING = "benefit_sharing", _("Benefit sharing")


class Tier(models.TextChoices):
    """The activity tier (活跃度) of an evaluated year."""

    HIGH = "high", _("High activity")
    FAIRLY_HIGH = "fairly_high", _("Fairly high activity")
    AVERAGE = "average", _("Average activity")
    INACTIVE = "inactive", _("Inactive")


# Lower bounds, highest first: ≥ 86 高, 75–85 较高, 65–74 一般, ≤ 64 不活跃. The published bands are
# whole numbers; a total between two bands (85.5, 64.75) has not reached the higher band's bound, so it
# stays in the lower band. Nothing is rounded: scores have at most two decimals and weights are whole
# percentages, so the weighted total is exact (four decimals) and compared as it is.
TIER_BOUNDS = (
    (Decimal("86"), Tier.HIGH),
    (Decimal("75"), Tier.FAIRLY_HIGH),
    (Decimal("65"), Tier.AVERAGE),
)


def tier_for(total: Decimal) -> str:
    """The tier a weighted total earns (see ``TIER_BOUNDS``)."""
    for bound, tier in TIER_BOUNDS:
        if total >= bound:
            return tier
    return Tier.INACTIVE


# A级: this many consecutive years rated 高 (the current one included).
GRADE_A_YEARS = 3
# Flagged for removal after this many consecutive years rated 不活跃 (the current one included).
REMOVAL_YEARS = 2
