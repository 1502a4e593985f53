"""The org chart (``chart.py``) and the chain catalogue with its task forces
(``catalogue.py``), the role groups' codes (``roles.py``)."""

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
from jinzhou.org.models.roles import RoleGroup

__all__ = [
    "ApiKey",
    "ApiKeyQuerySet",
    "Chain",
    "ChainNode",
    "ChainOwner",
    "Department",
    "Enterprise",
    "Industry",
    "IndustryCluster",
    "Institution",
    "Park",
    "RoleGroup",
    "SampleMixin",
    "SubField",
    "TaskForce",
    "UserProfile",
    "phone_validator",
]
