from django.db import models
from django.utils.translation import gettext_lazy as _

# The departments that handle this app's work, by their org-chart code (seeds/data/jinzhou.json).
SCIENCE_BUREAU = "most"  # 科技局: 揭榜挂帅 challenges and provincial S&T award nominations
COMMERCE_BUREAU = "mofcom"  # 商务局: investment attraction
IP_OFFICE = "samr"  # 市场监督管理局(知识产权局): IP research topics


class ApplicationStatus(models.TextChoices):
    """A team's application (揭榜申请) to a challenge."""

    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


class SheetStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")


class ActivityKind(models.TextChoices):
    OUTBOUND_VISIT = "outbound_visit", _("Outbound visit")
    PROMOTION_EVENT = "promotion_event", _("Promotion event")
    RECEPTION = "reception", _("Reception of visitors")


class LeaderLevel(models.TextChoices):
    """Who led an activity. The article's split is "副市领导" (vice-mayor-level city leaders) vs. the rest."""

    CITY_HEAD = "city_head", _("Party secretary or mayor")
    VICE_MAYOR = "vice_mayor", _("Vice mayor level")
    DEPARTMENT = "department", _("Department head")
    COUNTY = "county", _("County or zone leader")
    OTHER = "other", _("Other or not recorded")


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    FOLLOWING = "following", _("Being followed up")
    CONVERTED = "converted", _("Became a project")
    DROPPED = "dropped", _("Dropped")


class ProjectType(models.TextChoices):
    """A new signing counts once; an upgrade or capital increase of an existing project is marked as such."""

    NEW = "new", _("New project")
    CAPACITY_UPGRADE = "capacity_upgrade", _("Capacity upgrade")
    CAPITAL_INCREASE = "capital_increase", _("Capital increase")


class AwardCategory(models.TextChoices):
    """Provincial S&T awards (省科学技术奖) and IP research topics (省知识产权局研究项目)."""

    PROGRESS = "progress", _("S&T progress award")
    INVENTION = "invention", _("Technical invention award")
    NATURAL_SCIENCE = "natural_science", _("Natural science award")
    IP_TOPIC = "ip_topic", _("IP research topic")


class PrizeLevel(models.TextChoices):
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    FUNDED = "funded", _("Funded")
