"""The office's admin pages in a real browser: the home page's queue (待办) and the extension requests,
on a phone and on a desktop, with no console error (a CSP violation would be one)."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case
from jinzhou.casework.services import escalate, request_extension
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def office_world(roles):
    world = build_world()
    world.chainlead.first_name = "王明"
    world.chainlead.save()
    case_in_state(Bottleneck, "submitted", world=world, title="高纯四氯化钛原料断供")
    case_in_state(Bottleneck, "accepted", world=world, title="园区蒸汽管网供汽不足")
    case_in_state(ChainTask, "submitted", world=world, title="钛产业链上下游对接会筹备")
    late = case_in_state(ChainTask, "in_progress", world=world, title="中信钛业扩产手续办理", due_in_days=-2)
    Case.objects.filter(pk=late.pk).update(report_due_at=timezone.now() - dt.timedelta(days=1))
    escalate(late, actor=world.office, level=3, target="department_head", reason="连续两周未报进展")
    waiting = case_in_state(Bottleneck, "handling", world=world, title="危废处置资质办理")
    request_extension(
        waiting,
        actor=world.chainlead,
        new_due_date=timezone.localdate() + dt.timedelta(days=45),
        reason="省厅审批窗口推迟，需等待下一批次受理",
    )
    return world


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_office_home_and_extension_list(visitor, office_world, screenshots, viewport, size):
    office = visitor(viewport)
    missing = []
    office.page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    office.admin_sign_in("office")
    page = office.go("/admin/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#casework-queue li").count() == 7
    assert page.locator('#casework-queue [data-queue="accept"] .case-queue-count').inner_text() == "1"
    page.screenshot(path=screenshots / f"office-admin-home-{size}.png", full_page=True)
    if size == "phone":
        assert office.horizontal_overflow() <= 0
    page.click('#casework-queue [data-queue="extension"] a')
    page.wait_for_load_state("networkidle")
    assert "危废处置资质办理" in page.content()
    page = office.go("/admin/casework/extension/")
    page.wait_for_load_state("networkidle")
    assert "王明（工信局）" in page.content()
    page.screenshot(path=screenshots / f"office-extensions-{size}.png", full_page=True)
    page.click("text=批准")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshots / f"office-extension-decide-{size}.png", full_page=True)
    page = office.go("/admin/casework/case/?queue=review")
    page.fill("#case-view-name", "待审核")
    page.click(".case-save-view button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#case-saved-views a", has_text="待审核").count() == 1
    page.screenshot(path=screenshots / f"office-case-list-{size}.png")
    # A 督办单 from a case's page: the notice is confirmed on its own page, then the case page returns.
    case = Case.objects.get(title="危废处置资质办理")
    page = office.go(f"/admin/chains/bottleneck/{case.pk}/change/")
    page.select_option("#id_escalate-level", "4")
    page.fill("#id_escalate-reason", "延期期间仍无进展，请主要负责同志过问")
    page.click("#case-escalations button[name=preview]")
    page.wait_for_load_state("networkidle")
    assert "红色督办" in page.content()
    page.screenshot(path=screenshots / f"office-notice-confirm-{size}.png", full_page=True)
    page.click("input[name=issue]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/admin/chains/bottleneck/{case.pk}/change/")
    assert case.escalations.get().reason == "延期期间仍无进展，请主要负责同志过问"
    assert missing == []
    assert office.errors == []


def test_a_case_page_on_a_phone_shows_its_workflow_below_the_fields_without_sideways_scrolling(
    visitor, office_world, screenshots
):
    """The panels (办理操作 first) sit below the case's fields at full width: before, on a phone they
    were squeezed beside the floated form to no width at all, or pushed the page sideways."""
    case = Bottleneck.objects.get(title="危废处置资质办理")
    office = visitor(PHONE).admin_sign_in("office")
    page = office.go(f"/admin/chains/bottleneck/{case.pk}/change/")
    page.screenshot(path=screenshots / "admin-case-phone.png", full_page=True)
    assert office.horizontal_overflow() <= 0
    workflow = page.locator("#case-workflow").bounding_box()
    assert workflow["width"] > 300
    assert workflow["y"] > page.locator("#content-main form").first.bounding_box()["y"]
    assert office.errors == []
