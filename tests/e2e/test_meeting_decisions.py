"""The office records a 专班调度会 with three decisions in the admin, in one step, and the lead
department reads the meeting in the portal on a phone."""

import pytest
from django.utils import timezone

from chains.models import ChainTask
from jinzhou.org.models import Department
from meetings.models import Meeting
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def meeting_world(roles):
    world = build_world()
    Department.objects.create(code="ndrc", name="发改委", kind="city_bureau")
    return world


def test_the_office_records_a_task_force_meeting_with_three_decisions(visitor, meeting_world, screenshots):
    office = visitor(DESKTOP)
    office.admin_sign_in("office")
    page = office.go("/admin/meetings/meeting/add/")
    page.select_option("#id_kind", "task_force")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_title", "第三次钛产业专班调度会")
    decisions = (("协调项目用地指标", "工信局", 20), ("组织产需对接会", "商务局", 15), ("对接银行融资", "发改委", 30))
    for index, (text, lead, days) in enumerate(decisions):
        page.fill(f"#id_decisions-{index}-text", text)
        page.select_option(f"#id_decisions-{index}-chain", index=1)
        page.select_option(f"#id_decisions-{index}-department", label=lead)
        page.fill(f"#id_decisions-{index}-due_in_working_days", str(days))
    page.select_option("#id_decisions-0-co_departments", label="商务局")
    page.screenshot(path=screenshots / "meeting-admin-add.png", full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector("#meeting-progress")

    meeting = Meeting.objects.get()
    assert meeting.decisions.count() == 3
    assert ChainTask.objects.filter(source="meeting").count() == 3
    assert page.locator("#meeting-progress table.decisions tbody tr").count() == 3
    assert "0" in page.locator("#meeting-progress .total-overdue").inner_text()
    page.screenshot(path=screenshots / "meeting-admin-progress.png", full_page=True)
    assert office.errors == []

    lead = visitor(PHONE).sign_in("chainlead")
    page = lead.go(f"/portal/meetings/{meeting.pk}/")
    assert page.locator("[data-testid=meeting-progress] table.decisions tbody tr").count() == 3
    assert lead.horizontal_overflow() <= 0
    page.screenshot(path=screenshots / "meeting-portal-phone.png", full_page=True)
    assert lead.errors == []
