"""The vice mayor on a phone (issue 16, "Done when"): sees which chains are worst, taps one and
lands on its cases with the red ones first, and sees whether overdue cases rose or fell. Plus
screenshots of the dashboards at 375 and 1280 px as leader, task-force leader and office."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case
from jinzhou.org.models import Chain
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _age(case, *, months_ago: int, overdue_days: int | None = None, closed: bool = False) -> None:
    now = timezone.now()
    created = now - dt.timedelta(days=30 * months_ago + 3)
    fields = {"created_at": created}
    if overdue_days is not None:
        due = now - dt.timedelta(days=overdue_days)
        fields.update(due_at=due, original_due_at=due, warn_at=due - dt.timedelta(days=3))
    if closed:
        fields.update(is_open=False, closed_at=created + dt.timedelta(days=20))
    Case.objects.filter(pk=case.pk).update(**fields)


@pytest.fixture
def city(roles):
    world = build_world()
    alloy = Chain.objects.create(
        code="MT-02", name="钛合金材料", subfield=world.titanium.subfield, leader_department=world.miit
    )
    # 钛白粉: three red (overdue for weeks to months), one green; 钛合金材料: one red, two yellow.
    for number, days in enumerate((90, 40, 8)):
        case = case_in_state(Bottleneck, "handling", world=world, title=f"高纯四氯化钛原料断供{number + 1}")
        _age(case, months_ago=number + 3, overdue_days=days)
    case_in_state(ChainTask, "in_progress", world=world, title="中信钛业扩产手续办理", due_in_days=20)
    _age(
        case_in_state(ChainTask, "in_progress", world=world, chain=alloy, title="钛合金检测平台"),
        months_ago=2,
        overdue_days=5,
    )
    for number in range(2):
        case_in_state(
            ChainTask, "in_progress", world=world, chain=alloy, title=f"钛合金配套招引{number}", due_in_days=1
        )
    case_in_state(ChainTask, "in_progress", world=world, chain=world.wind, title="风电装备配套企业招引", due_in_days=-1)
    for number in range(4):
        closed = case_in_state(ChainTask, "closed", world=world, title=f"已办结事项{number}")
        _age(closed, months_ago=number + 1, overdue_days=30 * (number + 1))
    return world


def test_the_task_force_leader_taps_the_worst_chain_on_a_phone(visitor, city, screenshots):
    leader = visitor(PHONE).sign_in("taskforce")
    page = leader.go("/portal/dashboard/")
    assert "金属材料产业专班" in page.locator("[data-testid=dashboard-title]").inner_text()
    first = page.locator("[data-testid=chain-table] tbody tr").first
    assert "钛白粉" in first.locator("th").inner_text()
    assert leader.horizontal_overflow() <= 0
    # The trends chart is there; the table repeating it is not shown on a phone.
    assert page.locator("svg.trend-chart").is_visible()
    assert not page.locator("[data-testid=trend-table]").is_visible()
    page.screenshot(path=str(screenshots / "dashboard-taskforce-375.png"), full_page=True)
    page.locator("[data-testid=trends]").screenshot(path=str(screenshots / "dashboard-trends-375.png"))
    page.locator("#overdue").locator("xpath=..").screenshot(path=str(screenshots / "dashboard-overdue-375.png"))
    first.locator("td").last.locator("a").click()  # the chain's total
    page.wait_for_url("**/portal/cases/?chain=*")
    cards = page.locator("[data-testid=cases] li.case-card")
    lights = [cards.nth(i).get_attribute("class").split("light-")[1] for i in range(cards.count())]
    assert lights == ["red"] * 3 + ["green"] + ["grey"] * 4  # the four closed ones count in the total too
    assert leader.horizontal_overflow() <= 0
    page.screenshot(path=str(screenshots / "dashboard-cases-375.png"), full_page=True)
    assert leader.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_screenshots_of_the_dashboards(visitor, city, screenshots, viewport):
    width = viewport["width"]
    for username in ("leader", "taskforce"):
        person = visitor(viewport).sign_in(username)
        page = person.go("/portal/dashboard/")
        assert person.horizontal_overflow() <= 0, username
        # Dates in the overdue list do not wrap.
        for cell in page.locator("td.nowrap").all():
            assert cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        page.screenshot(path=str(screenshots / f"dashboard-{username}-{width}.png"), full_page=True)
        assert person.errors == []
    office = visitor(viewport).admin_sign_in("office")
    page = office.go("/admin/casework/dashboard/")
    assert page.locator("svg.trend-chart").is_visible()
    assert office.horizontal_overflow() <= 0
    page.screenshot(path=str(screenshots / f"dashboard-office-{width}.png"), full_page=True)
    assert office.errors == []
