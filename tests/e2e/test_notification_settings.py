"""A handoff notice in the portal inbox, and the e-mail settings page, on a phone and a desktop."""

import pytest

from chains.models import Bottleneck
from jinzhou.casework.services import transition
from jinzhou.notifications.services import muted_categories
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport, label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_a_returned_report_reaches_the_inbox_and_comments_can_be_muted(roles, visitor, screenshots, viewport, label):
    world = build_world()
    world.office.last_name, world.office.first_name = "王", "磊"
    world.office.save()
    case = case_in_state(Bottleneck, "submitted", world=world, title="园区蒸汽管网供汽不足")
    transition(case, "return", actor=world.office, note="请补充近三个月的用汽数据")

    browser = visitor(viewport).sign_in("enterprise")
    page = browser.go("/portal/inbox/")
    inbox = page.get_by_test_id("inbox")
    assert "王磊（领导小组办公室）" in inbox.inner_text()
    assert "请补充近三个月的用汽数据" in inbox.inner_text()
    page.screenshot(path=screenshots / f"portal-inbox-handoff-{label}.png", full_page=True)

    page.get_by_test_id("notification-settings-link").click()
    page.wait_for_url("**/portal/settings/notifications/")
    page.get_by_label("办理意见").check()
    page.screenshot(path=screenshots / f"portal-notification-settings-{label}.png", full_page=True)
    assert browser.horizontal_overflow() <= 0
    page.get_by_test_id("notification-settings").locator("button[type=submit]").click()
    page.wait_for_url("**/portal/settings/notifications/")
    assert "通知设置已保存" in page.inner_text("main")
    assert muted_categories(world.enterprise) == ["comment"]
    assert browser.errors == []


@pytest.mark.parametrize("viewport, label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_office_ticks_who_is_told_in_the_admin(roles, visitor, screenshots, viewport, label):
    from jinzhou.casework.models import HandoffRule

    world = build_world()
    browser = visitor(viewport).admin_sign_in("office")
    page = browser.go("/admin/casework/handoffrule/?kind=bottleneck")
    assert "退回" in page.inner_text("#result_list")
    page.screenshot(path=screenshots / f"admin-handoff-rules-{label}.png", full_page=True)
    rule = HandoffRule.objects.get(kind="bottleneck", event="transition:return")
    page = browser.go(f"/admin/casework/handoffrule/{rule.pk}/change/")
    page.locator("input[name=recipients][value=office]").check()
    page.screenshot(path=screenshots / f"admin-handoff-rule-{label}.png", full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/casework/handoffrule/")
    rule.refresh_from_db()
    assert rule.recipients == ["reporter", "reporter_enterprise", "office"]
    page = browser.go("/admin/notifications/notification/inbox/email/")
    assert "办理意见" in page.inner_text("#content-main")
    page.screenshot(path=screenshots / f"admin-notification-settings-{label}.png", full_page=True)
    assert world.office.pk
