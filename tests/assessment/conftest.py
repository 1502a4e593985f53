"""The targets' cast, on top of ``tests.world``: two counties (凌海市, 北镇市) beside 商务局 (``mofcom``)
and 工信局 (``miit``), the wind chain led by 商务局, and a fixed day, 2026-07-02 (183 of 365 days)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from assessment.models import Target
from jinzhou.org.models import Department
from tests.world import build_world

AS_OF = dt.date(2026, 7, 2)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    world = build_world()
    world.linghai = Department.objects.create(code="linghai", name="凌海市", kind="county")
    world.beizhen = Department.objects.create(code="beizhen", name="北镇市", kind="county")
    return world


def target(unit, indicator: str, value, *, year: int = 2026) -> Target:
    field = {"Department": "department", "Park": "park", "Chain": "chain"}[type(unit).__name__]
    return Target.objects.create(year=year, indicator=indicator, value=Decimal(value), **{field: unit})
