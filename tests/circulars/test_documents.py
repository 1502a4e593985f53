"""An issued circular: its number, the Word document and the workbook as a reader opens them, the
charts (or the note when no CJK font), the figures kept after cases change, and the extra sections."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from circulars import charts, sections
from circulars.services import generate_circular
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.models import Case


def _docx_text(data: bytes) -> tuple[list[str], list]:
    document = Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs], document.tables


def test_the_word_document_reads_like_the_office_circular(circular_world, world):
    period = circular_world["period"]
    circular = generate_circular(world.office, period)
    year = period.start.year
    assert circular.number == f"锦工领办通〔{year}〕1号"
    assert generate_circular(world.office, period).number == f"锦工领办通〔{year}〕2号"
    paragraphs, tables = _docx_text(bytes(circular.docx))
    title = f"关于{year}年{period.first.month}月全市产业链工作推进情况的通报"
    assert paragraphs[0] == title == circular.title
    assert circular.number in paragraphs and "领导小组办公室" in paragraphs  # the issuing unit (the office's name)
    departments = tables[0]
    assert [cell.text for cell in departments.rows[0].cells][:6] == [
        "序号",
        "单位",
        "新收",
        "办结",
        "按期办结",
        "按期办结率",
    ]
    miit = next(row for row in departments.rows if row.cells[1].text == "工信局")
    assert [cell.text for cell in miit.cells[2:6]] == ["12", "5", "5", "100.0%"]
    overdue = tables[-1]
    assert overdue.rows[0].cells[6].text == "逾期工作日"
    first = [cell.text for cell in overdue.rows[1].cells]
    assert first[1:5] == [circular_world["ti_red"][0].reference, "钛红0", "工信局", "chainlead（工信局）"]
    assert "以下单位有期限的已办结事项不足5件，不参加排名：商务局（1件，0.0%）。" in paragraphs
    # Two charts (the departments' rates, overdue by chain) as pictures, no note of charts left out.
    assert len(Document(io.BytesIO(bytes(circular.docx))).inline_shapes) == 2
    assert not any("图表从略" in text for text in paragraphs)


def test_the_workbook_has_a_sheet_per_table(circular_world, world):
    circular = generate_circular(world.office, circular_world["period"])
    book = load_workbook(io.BytesIO(bytes(circular.xlsx)))
    assert book.sheetnames == ["各单位", "各产业链", "按期办结率排名", "逾期率排名", "逾期事项"]
    sheet = book["各单位"]
    assert sheet["A1"].value == circular.title
    assert [cell.value for cell in sheet[2]][:7] == [
        "序号",
        "单位",
        "新收",
        "办结",
        "按期办结",
        "有期限办结",
        "按期办结率(%)",
    ]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    miit = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1] == "工信局")
    assert miit[2:7] == (12, 5, 5, 5, 100.0)
    ranking = list(book["按期办结率排名"].iter_rows(min_row=2, values_only=True))
    assert ranking == [(1, "工信局", 100.0, 5, "参加排名"), (None, "商务局", 0.0, 1, "不足5件，不排名")]
    overdue = book["逾期事项"]
    assert overdue["A1"].value == "逾期未办结事项共6件"
    assert overdue["B3"].value == circular_world["ti_red"][0].reference


def test_without_a_chinese_font_the_charts_are_left_out_and_the_text_says_so(circular_world, world, monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    circular = generate_circular(world.office, circular_world["period"])
    paragraphs, _tables = _docx_text(bytes(circular.docx))
    assert "（本机未安装中文字体，图表从略，数据见上表。）" in paragraphs
    assert len(Document(io.BytesIO(bytes(circular.docx))).inline_shapes) == 0


def test_a_chart_font_with_chinese_glyphs_is_found_here():
    from matplotlib.ft2font import FT2Font

    path = charts.cjk_font()
    assert path is not None
    assert FT2Font(path).get_char_index(ord("链")) != 0


def test_the_figures_are_kept_as_issued(circular_world, world):
    circular = generate_circular(world.office, circular_world["period"])
    kept = circular.figures["overdue"]["total"]
    Case.objects.filter(pk__in=[case.pk for case in circular_world["ti_red"]]).update(due_at=None)
    circular.refresh_from_db()
    assert circular.figures["overdue"]["total"] == kept == 6


def test_only_the_office_and_the_leading_group_issue_circulars(circular_world, world):
    with pytest.raises(ActionRefused):
        generate_circular(world.chainlead, circular_world["period"])
    assert generate_circular(world.leader, circular_world["period"]).number


@pytest.fixture
def target_section():
    sections.register_section(
        "targets",
        lambda cases, period, now: {
            "title": "六、目标完成情况",
            "paragraphs": ["全年目标完成过半。"],
            "header": ["单位", "目标", "完成"],
            "rows": [["工信局", 10, 6]],
        },
    )
    yield
    sections.unregister_section("targets")


def test_an_extra_section_is_printed_and_kept(circular_world, world, target_section):
    circular = generate_circular(world.office, circular_world["period"])
    paragraphs, _tables = _docx_text(bytes(circular.docx))
    assert "六、目标完成情况" in paragraphs and "全年目标完成过半。" in paragraphs
    assert circular.figures["extra_sections"][0]["rows"] == [["工信局", 10, 6]]
    book = load_workbook(io.BytesIO(bytes(circular.xlsx)))
    assert list(book["六、目标完成情况"].iter_rows(values_only=True)) == [("单位", "目标", "完成"), ("工信局", 10, 6)]


def test_the_office_may_replace_the_circular_template(circular_world, world):
    from django.core.exceptions import ValidationError

    from circulars.document import CIRCULAR
    from jinzhou.casework import documents
    from jinzhou.casework.services.documents import replace_template

    default = documents.kind(CIRCULAR).default_file.read_bytes()
    documents.check_template(CIRCULAR, default)  # the shipped default renders with the samples
    own = Document(io.BytesIO(default))
    own.paragraphs[0].runs[0].text = "{{ title }}（本办版式）"
    buffer = io.BytesIO()
    own.save(buffer)
    replace_template(CIRCULAR, actor=world.office, data=buffer.getvalue(), file_name="通报.docx")
    circular = generate_circular(world.office, circular_world["period"])
    assert Document(io.BytesIO(bytes(circular.docx))).paragraphs[0].text == f"{circular.title}（本办版式）"
    own.paragraphs[0].runs[0].text = "{{ titel }}"
    buffer = io.BytesIO()
    own.save(buffer)
    with pytest.raises(ValidationError):
        documents.check_template(CIRCULAR, buffer.getvalue())
