"""一链一清单 (issue 16 §3): a chain's four lists as a workbook and a Word document, from the chain page,
the chain's admin page and ``manage.py chain_lists``; only the cases the reader may see."""

import datetime as dt
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.org.models import ChainOwner, Department
from jinzhou.portal.chain_lists import chain_lists
from projects.models import Challenge, InvestmentProject, Programme
from tests.world import build_world, case_in_state

SHEETS = ["问题清单", "任务清单", "责任清单", "项目清单"]
PROBLEM_HEADER = ["序号", "问题", "企业", "牵头单位", "责任人", "完成时限", "状态", "进展情况"]
# A folder where a developer keeps the downloads to look at them (soffice → PDF → PNG); unset in CI.
SAVE_TO = Path(os.environ.get("JINZHOU_KEEP_DOCUMENTS", "")) if os.environ.get("JINZHOU_KEEP_DOCUMENTS") else None


@pytest.fixture
def world(db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    world = build_world()
    world.chainlead.first_name, world.chainlead.last_name = "磊", "王"
    world.chainlead.save()
    ChainOwner.objects.create(chain=world.titanium, enterprise=world.citic, note="氯化法钛白粉龙头企业")
    return world


@pytest.fixture
def lists(world):
    """A breakpoint with its enterprise, department, person and deadline; a chain task with progress; a
    co-handled case; an investment project and a challenge; a case on another chain that must not appear."""
    due = timezone.localdate() + dt.timedelta(days=20)
    problem = case_in_state(Bottleneck, "handling", world=world, title="缺少高纯四氯化钛原料",
                            bottleneck_kind="break", responsible_person=world.chainlead)  # fmt: skip
    Case.objects.filter(pk=problem.pk).update(due_at=timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59))))
    TimelineEvent.objects.create(case=problem, kind="comment", summary="已对接供应商", note="两家意向")
    task = case_in_state(ChainTask, "in_progress", world=world, title="钛白粉扩产至12万吨/年")
    TimelineEvent.objects.create(case=task, kind="progress", summary="进展 40%", note="已完成设备招标")
    co = Department.objects.create(code="ndrc", name="发改委", kind="city_bureau")
    task.co_handlings.create(department=co)
    case_in_state(InvestmentProject, "signed", world=world, title="钛白粉三期", amount_yi=Decimal("23"),
                  enterprise=world.citic)  # fmt: skip
    programme = Programme.objects.create(name="春芽计划", year=2026)
    case_in_state(Challenge, "published", world=world, title="高品质钛白粉包膜技术", programme=programme,
                  technical_problem="包膜均匀性", funding_wan=Decimal("500"))  # fmt: skip
    case_in_state(Bottleneck, "handling", world=world, chain=world.wind, title="风电叶片运输受限",
                  reporter=world.outsider, reporter_enterprise=world.other_enterprise)  # fmt: skip
    return {"problem": problem, "task": task, "due": due}


def download(client, user, world, extension: str) -> bytes:
    client.force_login(user)
    response = client.get(reverse("portal:chain_lists", args=[world.titanium.pk, extension]))
    assert response.status_code == 200, response
    assert f"MT-01-{timezone.localdate():%Y%m%d}.{extension}" in response["Content-Disposition"]
    if SAVE_TO and SAVE_TO.is_dir():
        (SAVE_TO / f"chain-lists-{user.username}.{extension}").write_bytes(response.content)
    return response.content


def test_the_workbook_has_one_sheet_per_list_with_a_known_row(client, world, lists):
    book = load_workbook(io.BytesIO(download(client, world.chainlead, world, "xlsx")))
    assert book.sheetnames == SHEETS
    problems = book["问题清单"]
    assert problems["A1"].value.startswith("钛白粉产业链一链一清单 · 问题清单")
    assert [cell.value for cell in problems[2]] == PROBLEM_HEADER
    assert problems.freeze_panes == "A3" and problems.auto_filter.ref == "A2:H3"
    row = list(problems[3])
    assert [cell.value for cell in row[:5]] == [
        1,
        "【断点】缺少高纯四氯化钛原料",
        "中信钛业",
        "工信局",
        "王磊（工信局）",
    ]
    assert row[5].is_date and row[5].value.date() == lists["due"]
    assert row[7].value.startswith("已对接供应商：两家意向（")
    assert problems.column_dimensions["B"].width > problems.column_dimensions["A"].width
    tasks = book["任务清单"]
    assert [c.value for c in tasks[3]][1] == "钛白粉扩产至12万吨/年" and "已完成设备招标" in tasks["I3"].value
    duties = [[c.value for c in row] for row in book["责任清单"].iter_rows(min_row=3)]
    assert duties[0][:4] == [1, "链长单位", "工信局", "王磊（工信局）"]
    assert duties[1][1:] == ["链主企业", "中信钛业", None, "氯化法钛白粉龙头企业"]
    assert duties[2][1:3] == ["产业专班", "金属材料产业专班"]
    assert any(row[1] == "协办单位" and row[2] == "发改委" for row in duties)
    projects = [[c.value for c in row] for row in book["项目清单"].iter_rows(min_row=3)]
    assert projects[0][1:6] == ["招商项目", "钛白粉三期", "中信钛业", "已签约", 23]
    assert book["项目清单"]["F3"].number_format == "0.00"
    assert projects[1][1] == "揭榜挂帅" and projects[1][5] == 0.05  # 500 万元 = 0.05 亿元
    every_title = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("风电叶片" in text for text in every_title)  # another chain's case


def test_the_word_document_has_a_title_and_a_table_per_list(client, world, lists):
    document = Document(io.BytesIO(download(client, world.chainlead, world, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "《钛白粉产业链一链一清单》" and texts[1].startswith("截至")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "一、问题清单", "二、任务清单", "三、责任清单", "四、项目清单"]  # fmt: skip
    problems = document.tables[0]
    assert [cell.text for cell in problems.rows[0].cells] == PROBLEM_HEADER
    assert problems.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    known = ["1", "【断点】缺少高纯四氯化钛原料", "中信钛业", "工信局", "王磊（工信局）", lists["due"].isoformat()]
    assert [cell.text for cell in problems.rows[1].cells][:6] == known
    run = problems.rows[1].cells[1].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"  # Chinese in a Chinese face
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # A4 landscape
    assert len(document.tables) == 4 and "23.00" in [c.text for c in document.tables[3].rows[1].cells]
    room = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:  # every table fits between the margins
        assert sum(int(col.get(qn("w:w"))) * 635 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))) <= room


def test_a_formula_typed_as_a_title_stays_text(client, world, lists):
    Case.objects.filter(pk=lists["problem"].pk).update(title="=1+2")
    book = load_workbook(io.BytesIO(download(client, world.chainlead, world, "xlsx")))
    assert book["问题清单"]["B3"].value == "'【断点】=1+2" or book["问题清单"]["B3"].data_type == "s"


def test_an_outsider_sees_the_catalogue_but_none_of_the_chains_cases(client, world, lists):
    book = load_workbook(io.BytesIO(download(client, world.outsider, world, "xlsx")))
    assert book["问题清单"].max_row == 2 and book["任务清单"].max_row == 2  # title and header only
    assert [c.value for c in book["责任清单"][3]][1:3] == ["链长单位", "工信局"]
    duties = [row[1] for row in book["责任清单"].iter_rows(min_row=3, values_only=True)]
    assert "协办单位" not in duties  # co-handling comes from cases they may not see
    assert client.get(reverse("portal:chain_lists", args=[world.titanium.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:chain_lists", args=[999999, "xlsx"])).status_code == 404


def test_the_lists_cost_the_same_queries_for_few_and_many_cases(world, lists):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            chain_lists(world.chainlead, world.titanium)
        return len(captured)

    count()  # the first read warms the per-process caches (the visitor's facts)
    few = count()
    for n in range(20):
        case = case_in_state(Bottleneck, "handling", world=world, title=f"问题{n}", responsible_person=world.chainlead)
        TimelineEvent.objects.create(case=case, kind="comment", summary=f"进展{n}")
        case_in_state(ChainTask, "in_progress", world=world, title=f"任务{n}")
    assert count() == few


def test_the_chain_page_and_its_admin_page_offer_the_downloads(client, world):
    client.force_login(world.chainlead)
    page = client.get(reverse("portal:chain", args=[world.titanium.pk])).content.decode()
    assert reverse("portal:chain_lists", args=[world.titanium.pk, "docx"]) in page
    client.force_login(world.office)
    admin_page = client.get(reverse("admin:org_chain_change", args=[world.titanium.pk])).content.decode()
    assert reverse("portal:chain_lists", args=[world.titanium.pk, "xlsx"]) in admin_page
    assert "下载一链一清单（Word）" in admin_page


def test_the_command_writes_the_file_by_its_extension(world, lists, tmp_path):
    target = tmp_path / "钛白粉.docx"
    call_command("chain_lists", "--chain", "mt-01", "--output", str(target))
    assert Document(str(target)).paragraphs[0].text == "《钛白粉产业链一链一清单》"
    call_command("chain_lists", "--chain", "MT-01", "--output", str(tmp_path / "lists.xlsx"))
    assert load_workbook(tmp_path / "lists.xlsx").sheetnames == SHEETS
    for arguments, message in (
        (["--chain", "XX-99", "--output", str(tmp_path / "x.xlsx")], "XX-99"),
        (["--chain", "MT-01", "--output", str(tmp_path / "x.pdf")], ".pdf"),
        (["--chain", "MT-01", "--output", str(tmp_path / "x.xlsx"), "--as-user", "nobody"], "nobody"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("chain_lists", *arguments)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lists.xlsx", "钛白粉.docx"]  # nothing else written
