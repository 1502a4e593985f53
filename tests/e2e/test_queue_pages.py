"""我的待办's sections, 我上报的 and 我关注的 in a real browser, on a phone and on a desktop: no
horizontal scroll at 375 px, no console error, and a screenshot of each to look at."""

import pytest

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import CoHandling
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_screenshots import city, page_checks  # noqa: F401 (a fixture)
from tests.world import case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_queue_pages_on_a_phone_and_a_desktop(visitor, city, screenshots):  # noqa: F811
    world, _red = city
    case_in_state(ChainTask, "submitted", world=world, title="钛白粉产能核查报告")
    case_in_state(ChainTask, "assigned", world=world, title="新建氯化法生产线用地预审", due_in_days=9)
    co = case_in_state(Bottleneck, "handling", world=world, chain=world.wind, title="风电叶片运输限高协调")
    CoHandling.objects.create(case=co, department=world.miit)
    case_in_state(Bottleneck, "draft", world=world, title="蒸汽价格上涨影响生产")
    case_in_state(Bottleneck, "submitted", world=world, title="危化品运输车辆通行证办理慢", bottleneck_kind="break")

    shots = []
    for viewport, suffix in ((PHONE, "phone"), (DESKTOP, "desktop")):
        chainlead = visitor(viewport).sign_in("chainlead")
        page_checks(chainlead, "/portal/", screenshots, f"20-todos-{suffix}")
        page_checks(chainlead, "/portal/?tab=submitted&light=green", screenshots, f"21-todos-submitted-{suffix}")
        enterprise = visitor(viewport).sign_in("enterprise")
        page_checks(enterprise, "/portal/", screenshots, f"22-enterprise-todos-{suffix}")
        page_checks(enterprise, "/portal/reported/", screenshots, f"23-reported-{suffix}")
        page_checks(enterprise, "/portal/report/", screenshots, f"24-report-{suffix}")
        leader = visitor(viewport).sign_in("leader")
        page_checks(leader, "/portal/watch/", screenshots, f"25-watch-{suffix}")
        page_checks(leader, "/portal/", screenshots, f"26-leader-todos-{suffix}")
        shots += [chainlead, enterprise, leader]

    for each in shots:
        assert each.errors == []
