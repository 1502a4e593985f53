"""The search's cast, on ``tests.world``: the quartz crucible challenge (揭榜挂帅), bottlenecks of 中信钛业
that name 石英 in their title or only in a comment, an older and a newer one, and a bottleneck of
another enterprise on the wind chain the enterprise user may not see."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chains.models import Bottleneck
from jinzhou.casework.models import Case, Comment
from projects.models import Challenge, Programme
from search.services import rebuild
from tests.world import build_world, case_in_state


def _aged(case, days: int):
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    return case


@pytest.fixture
def quartz(db):
    world = build_world()
    programme = Programme.objects.create(name="春芽计划", year=2026)
    crucible = _aged(
        case_in_state(
            Challenge, "published", world=world, title="芯片级高端半导体石英坩埚", programme=programme,
            technical_problem="高纯石英砂提纯与坩埚成型", funding_wan=Decimal("500"),
        ),
        days=30,
    )  # fmt: skip
    older = _aged(case_in_state(Bottleneck, "handling", world=world, title="石英砂供应不稳定"), days=20)
    newer = _aged(case_in_state(Bottleneck, "handling", world=world, title="高纯石英管断供"), days=2)
    commented = _aged(case_in_state(Bottleneck, "handling", world=world, title="钛白粉原料价格上涨"), days=1)
    Comment.objects.create(case=commented, author=world.office, text="另需协调石英坩埚的替代供应商")
    hidden = case_in_state(
        Bottleneck, "handling", world=world, chain=world.wind, title="风电石英纤维断供",
        reporter=world.outsider, reporter_enterprise=world.other_enterprise,
    )  # fmt: skip
    rebuild()
    return {
        "world": world,
        "crucible": crucible,
        "older": older,
        "newer": newer,
        "commented": commented,
        "hidden": hidden,
    }
