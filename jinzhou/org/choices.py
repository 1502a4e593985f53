from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading group")
    OFFICE = "office", _("Leading-group office")
    CITY_BUREAU = "city_bureau", _("City bureau")
    COUNTY = "county", _("County or district")
    DEVELOPMENT_ZONE = "development_zone", _("Development zone")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")


class ParkKind(models.TextChoices):
    DEVELOPMENT_ZONE = "development_zone", _("Development zone")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
    HIGH_TECH_ZONE = "high_tech_zone", _("High-tech zone")


class Segment(models.TextChoices):
    """Where a link of a chain map (产业链图谱) sits on the chain."""

    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class Role(models.TextChoices):
    """The roles. The value is the stable code that ``org.RoleGroup`` ties to an auth group; the
    group's name is free text people may rename in the admin, so no code compares group names."""

    LEADING_GROUP = "leading_group", _("Leading group")
    OFFICE = "office", _("Leading-group office")
    TASK_FORCE_LEADER = "task_force_leader", _("Task-force leader")
    CHAIN_LEADER = "chain_leader", _("Chain-leader department")
    CHAIN_OWNER = "chain_owner", _("Chain-owner enterprise")
    PARTNER = "partner", _("Partner system")


# The names a role's group gets when it is created (the org chart's terms); renaming it later is fine.
ROLE_GROUP_NAMES = {
    Role.LEADING_GROUP: "领导小组",
    Role.OFFICE: "领导小组办公室",
    Role.TASK_FORCE_LEADER: "专班班长",
    Role.CHAIN_LEADER: "链长单位",
    Role.CHAIN_OWNER: "链主企业",
    Role.PARTNER: "合作系统",
}


# The resources of the REST API that an API key's scopes name ("cases:read", "bottlenecks:write").
# A new endpoint adds its resource here, so that keys can be granted it; a resource without an
# endpoint is not offered (tests/api/test_scope_resources.py holds the two equal).
API_RESOURCES = (
    "departments",
    "enterprises",
    "industries",
    "subfields",
    "chains",
    "cases",
    "bottlenecks",
    "tasks",
    "chain-reports",
    "notifications",
    "alliances",
    "alliance-evaluations",
    "challenges",
    "challenge-applications",
    "investment-activities",
    "investment-projects",
    "applications",
    "meetings",
    "targets",
    "assessments",
)
API_ACCESS = ("read", "write")


class Designation(models.TextChoices):
    """What a list or document has named an enterprise (主体培育): the designations the chains cultivate."""

    CHAIN_OWNER = "chain_owner", _("Chain-owner enterprise")
    LEADING = "leading", _("Leading or key enterprise")
    ABOVE_SIZE = "above_size", _("Enterprise above designated size")
    SPECIALISED = "specialised", _("Specialised, refined, distinctive and innovative (SRDI) enterprise")
    HIGH_TECH = "high_tech", _("High and new technology enterprise")
    TECH_SME = "tech_sme", _("Technology-based SME")


class DesignationLevel(models.TextChoices):
    """Who named it; the national SRDI level is the "little giant" (专精特新“小巨人”)."""

    CITY = "city", _("City level")
    PROVINCE = "province", _("Provincial level")
    NATIONAL = "national", _("National level")


# Designations that exist only with a level (专精特新: city, provincial, national "little giant").
DESIGNATIONS_WITH_LEVEL = (Designation.SPECIALISED,)


class Provenance(models.TextChoices):
    """Where a seeded row (or one of its fields) comes from: the source article's own words, an inference
    from them, or a sample filled in for demonstration (docs/data.md)."""

    REAL = "real", _("Article (verbatim)")
    INFERRED = "inferred", _("Inferred")
    SAMPLE = "sample", _("Sample")
