"""The org chart (``chart.py``) and the chain catalogue with its task forces
(``catalogue.py``), the role groups' codes (``roles.py``), the enterprises' designations and the
chains' cultivation lists (``cultivation.py``, 主体培育)."""

from jinzhou.org.models.catalogue import Chain, ChainNode, ChainOwner, Industry, IndustryCluster, SubField, TaskForce
from jinzhou.org.models.chart import (
    ApiKey,
    ApiKeyQuerySet,
    Department,
    Enterprise,
    Institution,
    Park,
    SampleMixin,
    UserProfile,
    phone_validator,
)
from jinzhou.org.models.cultivation import CultivationEntry, EnterpriseDesignation, designation_label
from jinzhou.org.models.roles import RoleGroup

__all__ = [
    "ApiKey",
    "ApiKeyQuerySet",
    "Chain",
    "ChainNode",
    "ChainOwner",
    "CultivationEntry",
    "Department",
    "Enterprise",
    "EnterpriseDesignation",
    "Industry",
    "IndustryCluster",
    "Institution",
    "Park",
    "RoleGroup",
    "SampleMixin",
    "SubField",
    "TaskForce",
    "UserProfile",
    "designation_label",
    "phone_validator",
]
