"""The chain-leader department fills in its chain's figures from the case page, on a phone too; the
chain page shows the reviewed figures month by month as a chart and a table; leaders see them by industry."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from chains.models import ChainReport
from chains.services import open_period_reports
from jinzhou.casework.services import transition
from tests.portal.conftest import case_url, messages_of

FIGURES = {
    "output_value": "35.60",
    "above_scale_enterprises": "16",
    "investment_in_progress": "12.50",
    "bottlenecks_solved": "2",
    "narrative": "氯化法钛白粉满负荷生产。",
}


def form_data(report, capacities=(), **overrides):
    data = {"version": report.version, **FIGURES, **overrides}
    rows = list(capacities)
    data.update(
        {
            "capacity-TOTAL_FORMS": str(max(len(rows), 2)),
            "capacity-INITIAL_FORMS": "0",
            "capacity-MIN_NUM_FORMS": "0",
            "capacity-MAX_NUM_FORMS": "20",
        }
    )
    for index, row in enumerate(rows):
        data.update({f"capacity-{index}-{key}": value for key, value in row.items()})
    return data


def titanium_report(world, today=dt.date(2026, 11, 3)) -> ChainReport:
    open_period_reports(today=today)
    return ChainReport.objects.get(
        reporting_chain=world.titanium, period_start=today.replace(day=1) - dt.timedelta(days=1)
    )


def the_report(world, day):
    return ChainReport.objects.get(reporting_chain=world.titanium, period_start=day)


def test_the_chain_leader_finds_the_report_in_the_todo_list_and_fills_it_in(client, world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world, dt.date(2026, 10, 1))
    client.force_login(world.chainlead)
    todos = client.get(reverse("portal:todos")).content.decode()
    assert report.reference in todos
    page = client.get(case_url(report)).content.decode()
    assert 'data-testid="chain-report-figures"' in page
    url = reverse("portal:chain_report", args=[report.pk])
    capacity = {
        "enterprise": world.citic.pk,
        "product": "氯化法钛白粉",
        "current_capacity": "6",
        "planned_capacity": "12",
        "unit": "wan_t_year",
    }
    response = client.post(url, form_data(report, [capacity], submit="1"), follow=True)
    assert messages_of(response) == ["运行数据已报送领导小组办公室。"]
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.output_value == Decimal("35.60")
    assert report.capacities.get().get_unit_display() == "万吨/年"


def test_bad_figures_come_back_with_their_messages_and_what_was_typed(client, world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world, dt.date(2026, 10, 1))
    client.force_login(world.chainlead)
    url = reverse("portal:chain_report", args=[report.pk])
    bad_row = {"enterprise": world.citic.pk, "product": "氯化法钛白粉", "current_capacity": "6", "unit": ""}
    response = client.post(url, form_data(report, [bad_row], output_value="-1", submit="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "产值不能为负数。" in page
    # The row's problem stands under the row's own unit field.
    assert page.index("第1行：请选择产能的计量单位") > page.index('name="capacity-0-unit"')
    assert 'value="-1"' in page and 'value="氯化法钛白粉"' in page
    report.refresh_from_db()
    assert report.status == "pending" and report.output_value is None


def test_only_the_chain_leader_may_post_others_read(client, world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world, dt.date(2026, 10, 1))
    url = reverse("portal:chain_report", args=[report.pk])
    client.force_login(world.taskforce)
    assert 'data-testid="chain-report-read-only"' in client.get(url).content.decode()
    assert client.post(url, form_data(report)).status_code == 403
    client.force_login(world.otherlead)
    assert client.get(url).status_code == 404


def test_the_form_fits_a_phone(client, world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world, dt.date(2026, 10, 1))
    client.force_login(world.chainlead)
    page = client.get(reverse("portal:chain_report", args=[report.pk])).content.decode()
    assert 'name="viewport"' in page
    assert 'inputmode="decimal"' in page and 'inputmode="numeric"' in page
    assert "<table" not in page  # the capacity rows are stacked fieldsets, not a wide table


def approved(world, client, today, output):
    open_period_reports(today=today)
    period = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    report = the_report(world, period)
    client.force_login(world.chainlead)
    client.post(reverse("portal:chain_report", args=[report.pk]), form_data(report, output_value=output, submit="1"))
    transition(the_report(world, period), "approve", actor=world.office)


def test_the_chain_page_charts_the_months_and_tables_them(client, world):
    approved(world, client, dt.date(2026, 10, 2), "30.00")
    approved(world, client, dt.date(2026, 11, 3), "35.60")
    client.force_login(world.leader)
    page = client.get(reverse("portal:chain", args=[world.titanium.pk])).content.decode()
    chart = re.search(r'<svg class="trend-chart figures-chart".*?</svg>', page, re.S).group(0)
    assert re.findall(r'class="trend-month"[^>]*>([^<]+)<', chart) == ["9月", "10月"]
    assert "2026年10月 产值（亿元）: 35.60" in chart
    table = re.search(r'data-testid="figures-table".*?</table>', page, re.S).group(0)
    assert "2026年9月" in table and "35.60" in table and "30.00" in table
    # The dashboard sums the latest month per industry.
    board = client.get(reverse("portal:dashboard")).content.decode()
    figures = re.search(r'data-testid="industry-figures".*?</section>', board, re.S).group(0)
    assert "金属材料" in figures and "35.60" in figures


def test_an_enterprise_sees_the_map_but_no_figures(client, world):
    approved(world, client, dt.date(2026, 11, 3), "35.60")
    client.force_login(world.enterprise)
    page = client.get(reverse("portal:chain", args=[world.titanium.pk])).content.decode()
    assert 'data-testid="chain-map"' in page
    assert "35.60" not in page
