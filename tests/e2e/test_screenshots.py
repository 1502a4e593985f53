"""Every main page in a real browser, on a phone and on a desktop: no horizontal scroll at 375 px,
no console error (a blocked script or style under the CSP would be one), and a screenshot of each.

``make screenshots`` runs this file with JINZHOU_SCREENSHOTS_DIR=docs/screenshots to refresh the
pictures in the README; in the test run they go to a temporary folder.
"""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.services import escalate, transition
from jinzhou.notifications.services import notify
from jinzhou.org.models import ChainNode
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def city(roles):
    """A small city: two chains with maps, cases in every light, a notice, closed cases, a notification."""
    world = build_world()
    for order, (segment, name, missing, enterprise) in enumerate(
        [
            ("upstream", "钛精矿", False, world.citic),
            ("upstream", "高纯四氯化钛", True, None),
            ("midstream", "氯化法钛白粉", False, world.citic),
            ("downstream", "高端涂料", False, None),
            ("downstream", "钛白粉改性材料", True, None),
        ]
    ):
        node = ChainNode.objects.create(
            chain=world.titanium, segment=segment, name=name, order=order, is_missing_link=missing
        )
        if enterprise:
            node.enterprises.add(enterprise)
    red = case_in_state(Bottleneck, "handling", world=world, title="高纯四氯化钛原料断供", due_in_days=-3)
    escalate(red, actor=world.office, level=2, target="department_head", reason="逾期未办结，请加快协调")
    case_in_state(ChainTask, "in_progress", world=world, title="中信钛业扩产至12万吨/年手续办理", due_in_days=2)
    case_in_state(ChainTask, "acknowledged", world=world, title="钛产业链上下游对接会筹备", due_in_days=25)
    case_in_state(Bottleneck, "assigned", world=world, title="园区蒸汽管网供汽不足", due_in_days=12)
    case_in_state(ChainTask, "in_progress", world=world, chain=world.wind, title="风电装备配套企业招引", due_in_days=-1)
    for title, late in (("钛白粉出口退税协调", False), ("危废处置资质办理", True)):
        closed = case_in_state(
            Bottleneck, "resolution_submitted", world=world, title=title, due_in_days=-4 if late else 8
        )
        transition(closed, "close", actor=world.office)
    notify(
        [world.chainlead],
        case=red,
        step="screenshot:reminder",
        deadline=red.due_at,
        title=f"{red.reference} 已逾期，请尽快办理",
        body="高纯四氯化钛原料断供 — 办理时限已过。",
    )
    return world, red


def page_checks(visitor, path: str, shot, name: str) -> None:
    page = visitor.go(path)
    page.wait_for_load_state("networkidle")
    assert visitor.horizontal_overflow() <= 0 or visitor.page.viewport_size["width"] > 375, path
    page.screenshot(path=shot / f"{name}.png", full_page=True)


def test_screenshots_of_the_main_pages(visitor, city, screenshots):
    world, red = city
    assert red.due_at < timezone.now() - dt.timedelta(days=1)

    anonymous = visitor(PHONE)
    page_checks(anonymous, "/portal/sign-in/", screenshots, "01-sign-in-phone")

    chainlead = visitor(PHONE).sign_in("chainlead")
    page_checks(chainlead, "/portal/", screenshots, "02-my-todos-phone")
    page_checks(chainlead, f"/portal/cases/{red.pk}/", screenshots, "03-case-phone")
    page_checks(chainlead, "/portal/inbox/", screenshots, "04-inbox-phone")
    page_checks(chainlead, f"/portal/chains/{world.titanium.pk}/", screenshots, "05-chain-map-phone")

    enterprise = visitor(PHONE).sign_in("enterprise")
    page_checks(enterprise, "/portal/report/", screenshots, "06-report-bottleneck-phone")

    leader = visitor(DESKTOP).sign_in("leader")
    page_checks(leader, "/portal/dashboard/", screenshots, "07-dashboard-desktop")
    page_checks(leader, "/portal/chains/", screenshots, "08-chains-desktop")
    page_checks(leader, f"/portal/chains/{world.titanium.pk}/", screenshots, "09-chain-map-desktop")

    leader_phone = visitor(PHONE).sign_in("leader")
    page_checks(leader_phone, "/portal/dashboard/", screenshots, "10-dashboard-phone")

    for each in (anonymous, chainlead, enterprise, leader, leader_phone):
        assert each.errors == []
    assert len(list(screenshots.glob("*.png"))) >= 10
