"""The shipped default template of the monthly circular (通报), built by build_document_templates.py.

Tables repeat a row per item with docxtpl's ``{%tr for … %}`` / ``{%tr endfor %}`` rows; the tags it
offers are ``circulars/document.py``'s ``TAGS``.
"""

from __future__ import annotations

from pathlib import Path

from build_document_templates import ROOT, paragraph, red_rule, set_fonts
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from jinzhou.word_documents import (
    BODY_FONT,
    HEADING_FONT,
    TITLE_FONT,
    _mark,
    new_document,
    text_width,
)

OUT = ROOT / "circulars" / "document_templates"
TABLE_PT = 10.5

RATES = (
    ("序号", "{{ r.seq }}", 9),
    ("{{ unit }}", "{{ r.name }}", 34),
    ("新收", "{{ r.received }}", 13),
    ("办结", "{{ r.closed }}", 13),
    ("按期办结", "{{ r.closed_on_time }}", 14),
    ("按期办结率", "{{ r.on_time_rate }}", 16),
    ("较上期", "{{ r.change }}", 15),
    ("逾期", "{{ r.open_overdue }}", 14),
    ("逾期率", "{{ r.overdue_rate }}", 15),
    ("督办/签收", "{{ r.notices }}", 15),
)
RANKING = (
    ("名次", "{{ r.rank }}", 15),
    ("单位", "{{ r.name }}", 80),
    ("{{ rate }}", "{{ r.rate }}", 30),
    ("计算件数", "{{ r.base }}", 31),
)
OVERDUE = (
    ("序号", "{{ r.seq }}", 10),
    ("编号", "{{ r.reference }}", 26),
    ("事项", "{{ r.title }}", 34),
    ("责任单位", "{{ r.department }}", 24),
    ("责任人", "{{ r.person }}", 20),
    ("到期日", "{{ r.due_date }}", 20),
    ("逾期工作日", "{{ r.working_days_overdue }}", 16),
    ("最新进展", "{{ r.latest_progress }}", 34),
)


def cell(table_cell, text: str, *, font=BODY_FONT, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    para = table_cell.paragraphs[0]
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    if text:
        set_fonts(para.add_run(text), font, TABLE_PT)


def loop_table(document, columns, items: str, **names) -> None:
    """A table: heading row (repeated on each page), then one row per item of ``items``."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(width for _, _, width in columns)
    widths = [int(text_width(document) * width / total) for _, _, width in columns]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _mark(table.rows[0], "w:tblHeader")
    for index, (heading, value, _width) in enumerate(columns):
        for row in table.rows:
            row.cells[index].width = widths[index]
        cell(
            table.rows[0].cells[index],
            heading.replace("{{ unit }}", names.get("unit", "")).replace("{{ rate }}", names.get("rate", "")),
            font=HEADING_FONT,
        )
        cell(table.rows[2].cells[index], value)
    cell(table.rows[1].cells[0], f"{{%tr for r in {items} %}}")
    cell(table.rows[3].cells[0], "{%tr endfor %}")
    _mark(table.rows[2], "w:cantSplit")


def heading(document, text: str) -> None:
    para = paragraph(document, "", size=16, space_after=4, line=28)
    para.paragraph_format.first_line_indent = Pt(32)
    set_fonts(para.add_run(text), HEADING_FONT, 16)


def body(document, text: str):
    para = paragraph(document, "", size=16, space_after=4, line=28)
    para.paragraph_format.first_line_indent = Pt(32)
    set_fonts(para.add_run(text), BODY_FONT, 16)
    return para


def circular() -> Path:
    document = new_document()
    title = paragraph(
        document, "{{ title }}", east_asia=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, line=36, space_after=6
    )
    red_rule(title)
    paragraph(document, "{{ number }}", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    paragraph(document, "{{ addressees }}：", size=16, space_after=6, line=28)
    body(document, "现将{{ period }}全市产业链工作推进情况通报如下：")
    heading(document, "一、总体情况")
    body(document, "{{ overview }}")
    heading(document, "二、各单位办理情况")
    body(
        document,
        "“按期办结率”为本期办结且在原定期限内办结的事项占本期办结有期限事项的比例；"
        "“逾期”“逾期率”为截至通报日的情况；“较上期”为按期办结率与{{ previous_period }}相比增减的百分点。",
    )
    loop_table(document, RATES, "departments", unit="单位")
    paragraph(document, "{{ chart_on_time }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    heading(document, "三、排名情况")
    body(document, "（一）按期办结率排名（由高到低）")
    loop_table(document, RANKING, "on_time_ranking", rate="按期办结率")
    body(document, "{{ on_time_unranked }}")
    body(document, "（二）逾期率排名（由低到高）")
    loop_table(document, RANKING, "overdue_ranking", rate="逾期率")
    body(document, "{{ overdue_unranked }}")
    heading(document, "四、各产业链推进情况")
    loop_table(document, RATES, "chains", unit="产业链")
    paragraph(document, "{{ chart_overdue }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    body(document, "{{ chart_note }}")
    heading(document, "五、逾期事项清单")
    body(document, "{{ overdue_note }}")
    loop_table(document, OVERDUE, "overdue")
    paragraph(document, "{%p for section in extra_sections %}")
    heading(document, "{{ section.title }}")
    paragraph(document, "{%p for text in section.paragraphs %}")
    body(document, "{{ text }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{{p section.table }}")
    paragraph(document, "{%p endfor %}")
    heading(document, "工作要求")
    body(
        document,
        "请各单位对照通报情况，认真分析逾期原因，明确整改措施和完成时限；对已下发督办单的事项，"
        "责任单位要及时签收、限期办结，并将办理结果书面反馈领导小组办公室。",
    )
    paragraph(document, "", space_after=18)
    paragraph(document, "{{ issuer }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ issued_date }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "circular.docx"
    document.save(target)
    return target
