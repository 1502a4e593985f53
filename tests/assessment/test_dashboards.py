"""目标完成情况 on the office's dashboard and the leaders': behind schedule first, each actual a link."""

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from projects.models import FundsReceipt, InvestmentProject
from tests.assessment.conftest import target
from tests.world import case_in_state

NOW = timezone.make_aware(dt.datetime(2026, 7, 2, 10, 0))


def _rows(html: str) -> list[str]:
    table = html[html.index('id="target-progress"') :]
    table = table[: table.index("</table>")]
    return re.findall(r"<tr class=\"(behind)?\">(.*?)</tr>", table, re.S)


def setup_targets(world):
    target(world.mofcom, "funds_received", 10)  # 2 of 10 by mid-year: behind
    target(world.linghai, "funds_received", 1)  # nothing recorded for it: behind, 0
    target(world.beizhen, "activities", 0)  # nothing to do: met
    project = case_in_state(InvestmentProject, "signed", world=world, chain=world.wind, title="风电项目")
    FundsReceipt.objects.create(project=project, date=dt.date(2026, 5, 1), amount_yi=Decimal(2))


def test_the_office_dashboard_lists_behind_schedule_first_with_links(world, client):
    setup_targets(world)
    client.force_login(world.office)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        page = client.get("/admin/casework/dashboard/").content.decode()
    rows = _rows(page)
    assert [bool(behind) for behind, _html in rows] == [True, True, False]
    assert "凌海市" in rows[0][1] and "商务局" in rows[1][1] and "北镇市" in rows[2][1]
    link = f"/admin/projects/fundsreceipt/?project__responsible_department__id__exact={world.mofcom.pk}"
    assert f'<a href="{link}&amp;date__gte=2026-01-01&amp;date__lte=2026-07-02">2</a>' in rows[1][1]
    assert "时序进度 50.1%" in page
    listed = client.get(f"{link}&date__gte=2026-01-01&date__lte=2026-07-02")
    assert listed.status_code == 200 and listed.context["cl"].result_count == 1


def test_the_leaders_dashboard_shows_the_targets_and_others_do_not(world, client):
    setup_targets(world)
    client.force_login(world.leader)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        page = client.get("/portal/dashboard/").content.decode()
    assert 'data-testid="targets"' in page
    assert [bool(behind) for behind, _html in _rows(page)] == [True, True, False]
    client.force_login(world.taskforce)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        page = client.get("/portal/dashboard/").content.decode()
    assert 'data-testid="targets"' not in page


def test_funds_received_are_entered_on_the_projects_page(world, client):
    project = case_in_state(InvestmentProject, "signed", world=world, chain=world.wind, title="风电项目")
    FundsReceipt.objects.create(project=project, date=dt.date(2026, 5, 1), amount_yi=Decimal("2.5"), source="自筹")
    client.force_login(world.office)
    page = client.get(f"/admin/projects/investmentproject/{project.pk}/change/").content.decode()
    assert 'name="funds_receipts-TOTAL_FORMS"' in page and "自筹" in page


def test_each_actual_opens_the_list_of_the_records_it_counts(world, client):
    from assessment.selectors import target_progress
    from projects.models import InvestmentActivity

    for indicator in ("activities", "projects_signed", "challenges_published", "alliances", "on_time_rate"):
        target(world.mofcom, indicator, 1)
    target(world.wind, "activities", 1)
    activity = InvestmentActivity.objects.create(
        date=dt.date(2026, 5, 1), title="赴江苏招商", activity_kind="outbound_visit", leader_level="vice_mayor",
        department=world.mofcom,
    )  # fmt: skip
    activity.chains.add(world.wind)
    case_in_state(InvestmentProject, "signed", world=world, chain=world.wind, title="风电项目",
                  signed_on=dt.date(2026, 3, 1))  # fmt: skip
    client.force_login(world.office)
    for row in target_progress(2026, as_of=dt.date(2026, 7, 2)):
        response = client.get(row.admin_url)
        assert response.status_code == 200, row.admin_url
        counted = response.context["cl"].result_count
        assert counted == (row.actual if row.indicator != "on_time_rate" else 0), row.admin_url
