"""The case export a clerk pastes into a circular (issue 16 §5): the columns it needs, widths that fit,
a frozen header, an autofilter, dates as dates, the list's scope and filters, and one query's cost
however many rows."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case, Escalation, TimelineEvent
from jinzhou.org.models import UserProfile
from tests.world import build_world, case_in_state

HEADER = [
    "编号", "类型", "标题", "产业链", "上报企业", "牵头单位", "责任人", "办理时限", "原定办理时限", "灯号",
    "逾期工作日数", "状态", "最新进展", "进展日期", "督办次数", "创建时间", "办结时间",
]  # fmt: skip


@pytest.fixture
def world(db):
    return build_world()


def export(client, user, query: str = ""):
    client.force_login(user)
    response = client.get(reverse("admin:casework_case_export") + query)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def overdue_breakpoint(world, title="缺少高纯四氯化钛原料"):
    case = case_in_state(
        Bottleneck, "handling", world=world, title=title, bottleneck_kind="break", responsible_person=world.chainlead
    )
    past = timezone.now() - dt.timedelta(days=10)
    Case.objects.filter(pk=case.pk).update(due_at=past, original_due_at=past - dt.timedelta(days=7), warn_at=past)
    return case


def test_the_export_has_the_columns_of_a_circular_with_dates_as_dates(client, world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    world.chainlead.first_name, world.chainlead.last_name = "磊", "王"
    world.chainlead.save()
    case = overdue_breakpoint(world)
    TimelineEvent.objects.create(case=case, kind="comment", summary="已协调原料供应", note="正在洽谈两家供应商")
    Escalation.objects.create(case=case, level=2, notice_number="锦工领办督〔2026〕1号", target="department_head")
    sheet = export(client, world.office, "?kind=bottleneck")
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == HEADER
    row = {HEADER[i]: cell for i, cell in enumerate(rows[1])}
    assert row["编号"].value == case.reference and row["类型"].value == "断点"  # not just 堵点/卡脖子
    assert row["上报企业"].value == "中信钛业" and row["牵头单位"].value == "工信局"
    assert row["责任人"].value == "王磊（工信局）"
    assert row["灯号"].value == "红灯" and row["状态"].value == "办理中"
    assert row["逾期工作日数"].value >= 5 and row["逾期工作日数"].data_type == "n"
    assert row["最新进展"].value == "已协调原料供应：正在洽谈两家供应商"
    assert row["督办次数"].value == 1
    for name in ("办理时限", "原定办理时限", "进展日期", "创建时间"):
        assert row[name].is_date and isinstance(row[name].value, dt.datetime), name
    assert row["办理时限"].number_format == "yyyy-mm-dd"
    assert row["原定办理时限"].value < row["办理时限"].value
    # A header that stays on screen, a filter over the data, and columns as wide as their text.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q2"
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in rows[0]}
    assert widths["标题"] >= 2 * len("缺少高纯四氯化钛原料")  # Chinese characters count double
    assert widths["督办次数"] < widths["标题"] and widths["编号"] >= len(case.reference)


def test_a_chain_task_shows_its_latest_progress_report_before_later_events(client, world):
    task = case_in_state(ChainTask, "in_progress", world=world, title="钛白粉扩产")
    TimelineEvent.objects.create(case=task, kind="progress", summary="进展 40%", note="已完成设备招标")
    TimelineEvent.objects.create(case=task, kind="comment", summary="催办")
    sheet = export(client, world.office)
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == task.reference)
    assert row[12] == "进展 40%：已完成设备招标"


def test_a_formula_typed_as_a_title_stays_text(client, world):
    overdue_breakpoint(world, title='=HYPERLINK("http://evil.example","点此")')
    sheet = export(client, world.office)
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://evil.example","点此")'


def test_the_export_follows_the_filters_and_the_visitors_scope(client, world):
    mine = case_in_state(Bottleneck, "handling", world=world, chain=world.titanium, title="钛链问题")
    theirs = case_in_state(Bottleneck, "handling", world=world, chain=world.wind, title="风电问题",
                           reporter=world.outsider, reporter_enterprise=world.other_enterprise)  # fmt: skip
    listed = [r[0] for r in export(client, world.otherlead).iter_rows(min_row=2, values_only=True)]
    assert listed == [theirs.reference]  # the 商务局 sees its own chain only
    listed = [r[0] for r in export(client, world.office, f"?chain__id__exact={world.titanium.pk}").iter_rows(
        min_row=2, values_only=True)]  # fmt: skip
    assert listed == [mine.reference]


def test_the_export_costs_the_same_queries_for_1_and_100_cases(client, world):
    UserProfile.objects.filter(user=world.chainlead).update()
    overdue_breakpoint(world)
    client.force_login(world.office)
    url = reverse("admin:casework_case_export")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            b"".join(response.streaming_content)
        return len(captured)

    one = count()
    for n in range(99):
        case = case_in_state(Bottleneck, "handling", world=world, title=f"问题{n}", responsible_person=world.chainlead)
        TimelineEvent.objects.create(case=case, kind="comment", summary=f"进展{n}")
        Escalation.objects.create(case=case, level=1, notice_number=f"N-{n}", target="department_head")
    assert count() == one
    assert export(client, world.office).max_row == 101
