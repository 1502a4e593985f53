"""The whole handoff loop in a real browser, nobody phoning anybody: each person learns of each step
from their inbox, finds the case in the right section of their queue, and the office's home shows
what waits for it.

enterprise reports → office is told, accepts, assigns → chainlead is told, acknowledges, asks for more
time → office is told, approves → chainlead is told, hands in a resolution → office sends it back
(the reason stands at the top of chainlead's page) → chainlead hands it in again (the text is kept)
→ office closes → the enterprise is told and finds the case, closed, under 我上报的.
"""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "四氯化钛原料断供，氯化法产线面临停产"
RESOLUTION = "已协调攀枝花供应商签订三个月保供协议，首批原料已到厂。"
SEND_BACK = "请补充保供协议复印件和到货验收单。"


def inbox_titles(visitor, *, admin: bool = False) -> str:
    if admin:
        visitor.go("/admin/notifications/notification/inbox/")
        return visitor.page.inner_text("#content")
    visitor.go("/portal/inbox/")
    return visitor.page.inner_text("[data-testid=inbox]")


def queue_count(office, name: str) -> int:
    office.go("/admin/")
    return int(office.page.inner_text(f"[data-queue={name}] .case-queue-count"))


def press(office, case, action: str, **fields) -> None:
    """The office presses a workflow button on the case's admin page, with its inputs."""
    office.go(f"/admin/chains/bottleneck/{case.pk}/change/")
    page = office.page
    for name, value in fields.items():
        locator = page.locator(f"[name=t-{action}-{name}]")
        if locator.evaluate("node => node.tagName") == "SELECT":
            locator.select_option(str(value))
        else:
            locator.fill(str(value))
    page.click(f"button[name=_action][value={action}]")
    page.wait_for_selector(".messagelist .success")


def portal_step(chainlead, case, action: str, text: str | None = None) -> None:
    chainlead.go(f"/portal/cases/{case.pk}/")
    form = chainlead.page.locator(f"[data-testid=action-{action}]")
    if text is not None:
        form.locator("textarea").fill(text)
    form.locator("button[type=submit]").click()
    chainlead.page.wait_for_selector(".message-success")


@pytest.fixture
def world(roles):
    return build_world()


def test_every_handoff_tells_the_next_person(visitor, world, screenshots):
    # The enterprise reports a 断点 from its phone.
    enterprise = visitor(PHONE).sign_in("enterprise")
    page = enterprise.go("/portal/report/")
    page.fill("[name=title]", TITLE)
    page.select_option("[name=chain]", str(world.titanium.pk))
    page.select_option("[name=bottleneck_kind]", "break")
    page.fill("[name=description]", "主要供应商检修，库存仅够十天。")
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_selector(".message-success")
    case = Bottleneck.objects.get(title=TITLE)
    assert case.status == "submitted"
    assert "断点" in page.inner_text("[data-testid=kind]")

    # The office is told, finds it on its home, accepts and assigns it to 工信局's chainlead.
    office = visitor(DESKTOP).admin_sign_in("office")
    assert case.reference in inbox_titles(office, admin=True)
    assert queue_count(office, "accept") == 1
    office.page.click("[data-queue=accept] a")
    assert case.reference in office.page.inner_text("#result_list")
    office.page.screenshot(path=screenshots / "loop-office-queue.png", full_page=True)
    press(office, case, "accept")
    assert queue_count(office, "accept") == 0 and queue_count(office, "assign") == 1
    press(office, case, "assign", department=world.miit.pk, due_in_working_days=10, person=world.chainlead.pk)

    # The chainlead is told in the portal inbox, finds it under 待签收 and acknowledges it.
    chainlead = visitor(PHONE).sign_in("chainlead")
    assert case.reference in inbox_titles(chainlead)
    chainlead.go("/portal/?tab=acknowledge")
    assert case.reference in [
        item.get_attribute("data-reference") for item in chainlead.page.locator("[data-testid=todo]").all()
    ]
    portal_step(chainlead, case, "acknowledge")

    # … and asks for more time.
    case.refresh_from_db()
    wanted = (timezone.localtime(case.due_at) + dt.timedelta(days=14)).date()
    page = chainlead.go(f"/portal/cases/{case.pk}/")
    page.click("details.action summary")
    page.fill("[name=extension-new_due_date]", wanted.isoformat())
    page.fill("[name=extension-reason]", "供应商检修延长，需等待第二批到货。")
    page.click("[data-testid=extension-form] button[type=submit]")
    page.wait_for_selector(".message-success")

    # The office is told, sees it waiting on its home, and approves it on the case page.
    assert "延期" in inbox_titles(office, admin=True)
    assert queue_count(office, "extension") == 1
    office.go(f"/admin/chains/bottleneck/{case.pk}/change/")
    office.page.click("#case-extensions button[value=approve]")
    office.page.wait_for_selector(".messagelist .success")
    case.refresh_from_db()
    assert timezone.localtime(case.due_at).date() == wanted

    # The chainlead is told, sees the decision at the top, starts and hands in the resolution.
    assert "延期" in inbox_titles(chainlead)
    chainlead.go(f"/portal/cases/{case.pk}/")
    assert chainlead.page.locator("[data-testid=banner-extension_approved]").is_visible()
    portal_step(chainlead, case, "start")
    portal_step(chainlead, case, "submit_resolution", RESOLUTION)

    # The office is told and sends it back with a reason.
    assert queue_count(office, "review") == 1
    press(office, case, "send_back", note=SEND_BACK)

    # The chainlead is told; the reason stands at the top of the page, the text is kept for resubmitting.
    assert SEND_BACK in inbox_titles(chainlead)
    page = chainlead.go(f"/portal/cases/{case.pk}/")
    banner = page.locator("[data-testid=banner-returned]")
    assert SEND_BACK in banner.inner_text()
    top_of_banner = banner.bounding_box()["y"]
    assert top_of_banner < page.locator("[data-testid=timeline]").bounding_box()["y"]
    assert page.locator("[data-testid=action-submit_resolution] textarea").input_value() == RESOLUTION
    page.screenshot(path=screenshots / "loop-returned-phone.png", full_page=True)
    portal_step(chainlead, case, "submit_resolution", RESOLUTION + "协议复印件和验收单已上传。")

    # The office closes it; the enterprise is told and finds it closed under 我上报的.
    press(office, case, "close")
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.reference in inbox_titles(enterprise)
    page = enterprise.go("/portal/reported/")
    row = page.locator(f"[data-testid=reported-case][data-reference='{case.reference}']")
    assert "已办结" in row.inner_text()
    page.screenshot(path=screenshots / "loop-reported-phone.png", full_page=True)

    assert enterprise.errors == [] and chainlead.errors == [] and office.errors == []
