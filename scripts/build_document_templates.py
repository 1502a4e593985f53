"""Build the shipped default Word templates (run once; the .docx files are committed).

    /work/main/.venv/bin/python scripts/build_document_templates.py

The office may replace each with its own in the admin (事项办理 → 文书模板); these defaults are what
prints until it does. They are python-docx documents carrying docxtpl's ``{{ tags }}`` (the tags of
each kind: ``jinzhou/casework/notices.py``). Each tag is written as one run, so Word's spell checker
and docxtpl never see a tag split across runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "jinzhou" / "casework" / "document_templates"
sys.path.insert(0, str(ROOT))

from jinzhou.word_documents import BODY_FONT, TITLE_FONT, new_document, set_run_font  # noqa: E402

RED = RGBColor(0xC0, 0x00, 0x00)


def set_fonts(run, east_asia: str, size: float | None = None, *, bold=False, color=None) -> None:
    set_run_font(run, east_asia, Pt(size) if size else None, bold=bold, color=color)


def paragraph(
    document_or_cell,
    text="",
    *,
    east_asia=BODY_FONT,
    size=16,
    align=None,
    bold=False,
    color=None,
    space_after=0,
    line=None,
):
    para = document_or_cell.add_paragraph()
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    para.paragraph_format.space_before = Pt(0)
    if line:
        para.paragraph_format.line_spacing = Pt(line)
    if text:
        set_fonts(para.add_run(text), east_asia, size, bold=bold, color=color)
    return para


def red_rule(para) -> None:
    """The red line under an official document's head (a bottom border on the paragraph)."""
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def cell_text(cell, text: str, *, bold=False, align=None) -> None:
    cell.paragraphs[0].text = ""
    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)
    if align is not None:
        para.alignment = align
    set_fonts(para.add_run(text), BODY_FONT, 14, bold=bold)


FACTS = (
    ("督办等级", "{{ level }}"),
    ("事项编号", "{{ case_reference }}"),
    ("事项名称", "{{ case_title }}"),
    ("事项类型", "{{ case_kind }}"),
    ("所属产业链", "{{ chain }}"),
    ("涉及企业", "{{ enterprise }}"),
    ("责任单位", "{{ responsible_department }}"),
    ("督办事由", "{{ reason }}"),
    ("办理要求", "{{ required_action }}"),
    ("办理时限", "{{ deadline }}{% if deadline_note %}（{{ deadline_note }}）{% endif %}"),
)


def supervision_notice() -> Path:
    # The layout of official documents (A4, GB/T 9704 margins, Chinese faces with fallbacks): one place.
    document = new_document()
    paragraph(
        document, "{{ issuer }}", east_asia=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=36
    )
    head = paragraph(
        document,
        "督 办 单",
        east_asia=TITLE_FONT,
        size=36,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=RED,
        line=54,
        space_after=6,
    )
    red_rule(head)
    paragraph(document, "{{ number }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    paragraph(document, "{{ addressee }}：", size=16, space_after=6)
    intro = paragraph(document, "", size=16, space_after=8, line=28)
    intro.paragraph_format.first_line_indent = Pt(32)
    set_fonts(intro.add_run("根据工作安排，现对下列事项予以督办，请按要求办理。"), BODY_FONT, 16)

    table = document.add_table(rows=len(FACTS), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed widths (Word and LibreOffice otherwise split the page in halves): labels narrow.
    table.autofit = False
    widths = (Mm(32), Mm(124))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, (label, tag) in zip(table.rows, FACTS, strict=True):
        row.height = Mm(9)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        cell_text(row.cells[0], label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell_text(row.cells[1], tag)

    paragraph(document, "", space_after=12)
    paragraph(document, "{{ issuer }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ issued_date }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=18)
    receipt = paragraph(document, "", size=14, space_after=0)
    red_rule_top(receipt)
    set_fonts(
        receipt.add_run(
            "签收人：{% if acknowledged %}{{ acknowledged_by }}　　签收时间：{{ acknowledged_at }}"
            "{% else %}＿＿＿＿＿＿＿＿　　签收时间：＿＿＿＿年＿＿月＿＿日{% endif %}"
        ),
        BODY_FONT,
        14,
    )
    target = OUT / "supervision_notice.docx"
    document.save(target)
    return target


def red_rule_top(para) -> None:
    """A thin black line above the receipt (签收) line, as on a tear-off slip."""
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:space", "6"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p_pr.append(borders)


def annual_assessment() -> Path:
    """年度考核结果: the title, the scheme, one table row per department (docxtpl's ``{%tr %}`` loop)."""
    document = new_document()
    paragraph(document, "{{ title }}", east_asia=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, line=36)
    paragraph(document, "（{{ status }}）", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    intro = paragraph(document, "", size=16, space_after=8, line=28)
    intro.paragraph_format.first_line_indent = Pt(32)
    set_fonts(
        intro.add_run("根据{{ scheme }}，依据截至{{ as_of }}的平台记录，{{ year }}年度各单位考核结果如下。"
                      "考核指标：{{ scheme_lines }}。"),
        BODY_FONT,
        16,
    )  # fmt: skip
    widths = (Mm(14), Mm(36), Mm(86), Mm(20))
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text in zip(table.rows[0].cells, ("排名", "单位", "各项得分", "总分"), strict=True):
        cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(table.rows[1].cells[0], "{%tr for row in rows %}")
    tags = ("{{ row.rank }}", "{{ row.department }}", "{{ row.details }}", "{{ row.total }}")
    for cell, tag in zip(table.rows[2].cells, tags, strict=True):
        cell_text(cell, tag, align=None if tag == tags[2] else WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph(document, "", space_after=12)
    paragraph(document, "{{ issuer }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ issued_date }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    target = OUT / "annual_assessment.docx"
    document.save(target)
    return target


def main() -> int:
    from build_circular_template import circular

    OUT.mkdir(parents=True, exist_ok=True)
    for path in (supervision_notice(), circular(), annual_assessment()):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
