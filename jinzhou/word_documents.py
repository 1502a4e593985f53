"""Word documents in the layout of official documents (党政机关公文格式, GB/T 9704-2012), with python-docx.

A4, margins of an official document (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), the title in
a 小标宋-style face, headings in 黑体, body and tables in 仿宋. Chinese text is East Asian text in Word:
a run's font is set for it with ``w:eastAsia`` (setting only the Latin name leaves Chinese in the
default face), and each Chinese face names a fallback (``w:altName`` in the font table) that Word uses
where the first is not installed; LibreOffice substitutes through fontconfig. Tables repeat their
header row on every page (``w:tblHeader``) and a row never breaks across pages (``w:cantSplit``).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"
# Where the first face is missing, Word takes the font table's alternative (Windows ships these).
FALLBACKS = {TITLE_FONT: "宋体", HEADING_FONT: "SimHei", BODY_FONT: "FangSong"}

# Chinese type sizes: 二号 22 pt (the title), 三号 16 pt (body), 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
TITLE_SIZE, HEADING_SIZE, BODY_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(10.5)


def set_run_font(run, east_asia: str, size=None, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = LATIN_FONT
    run.font.bold = bold
    if size is not None:
        run.font.size = size
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _font_fallbacks(document) -> None:
    """Add each Chinese face to the font table with its alternative name (``w:altName``)."""
    part = next((p for p in document.part.package.parts if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt in FALLBACKS.items()
    )
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


def new_document(*, landscape: bool = False):
    """An empty A4 document with official margins and Chinese default fonts."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        # The same margins, turned with the page: binding on the long edge stays on the left.
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    _page_numbers(section)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    properties = normal.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # East Asian language for the document, so Word applies the Chinese line-breaking rules.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    properties.append(lang)
    _font_fallbacks(document)
    return document


def _page_numbers(section) -> None:
    """An official document's page number at the foot of the page: — 1 —."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), BODY_FONT, TABLE_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    set_run_font(run, BODY_FONT, TABLE_SIZE)
    field.append(run._r)
    paragraph._p.append(field)
    set_run_font(paragraph.add_run(" —"), BODY_FONT, TABLE_SIZE)


def text_width(document) -> int:
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def add_title(document, title: str, subtitle: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run(title), TITLE_FONT, TITLE_SIZE)
    if subtitle:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(line.add_run(subtitle), BODY_FONT, BODY_SIZE)


def add_heading(document, text: str) -> None:
    # A real heading (outline level 1), so the reader's navigation pane lists the sections.
    paragraph = document.add_heading(level=1)
    set_run_font(paragraph.add_run(text), HEADING_FONT, HEADING_SIZE)
    paragraph.runs[0].font.color.rgb = RGBColor(0, 0, 0)  # an official document's headings are black


def add_paragraph(document, text: str, *, size=BODY_SIZE) -> None:
    set_run_font(document.add_paragraph().add_run(text), BODY_FONT, size)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in max(text.split("\n"), key=len, default=""))


def column_widths(document, header: list[str], texts: list[list[str]]) -> list[int]:
    """Each column at least as wide as its heading and its short values (dates, numbers, names that
    should not break), the space left shared among the columns of longer text by how long it is."""
    unit, padding = TABLE_SIZE / 2, Pt(11)  # half a Chinese character; the cell's inner margins
    floors, naturals = [], []
    for index, name in enumerate(header):
        values = [_display_width(row[index]) for row in texts]
        floors.append(max([_display_width(name), *(v for v in values if v <= 14)]))
        naturals.append(min(max([floors[-1], *values]), 80))  # beyond a few lines, length stops mattering
    # A twip (635 EMU) per column kept back: Word rounds each width to twips, never past the margin.
    available = text_width(document) - (padding + 635) * len(header)
    floor_total, natural_total = sum(floors) * unit, sum(naturals) * unit
    if natural_total <= available:  # everything fits on one line: spread the slack evenly
        return [int(n * unit + padding + (available - natural_total) / len(header)) for n in naturals]
    spare = max(available - floor_total, 0)
    extra = [n - f for n, f in zip(naturals, floors, strict=True)]
    return [int(f * unit + padding + spare * e / (sum(extra) or 1)) for f, e in zip(floors, extra, strict=True)]


def _mark(row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def add_table(document, header, rows) -> None:
    """A bordered table whose header row repeats on each page, its columns shared out by content
    (short columns such as 序号 stay narrow, the text columns take the rest)."""
    rows = [list(row) for row in rows]
    texts = [[cell_text(value) for value in row] for row in rows]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(document, [str(name) for name in header], texts)
    # Word reads the cells' widths, LibreOffice the table grid's: set both.
    for index, width in enumerate(widths):
        table.columns[index].width = width
    heading = table.rows[0]
    _mark(heading, "w:tblHeader")
    for index, name in enumerate(header):
        cell = heading.cells[index]
        cell.width = widths[index]
        run = cell.paragraphs[0].add_run(str(name))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(run, HEADING_FONT, TABLE_SIZE)
    for values, row in zip(rows, texts, strict=True):
        cells = table.add_row()
        _mark(cells, "w:cantSplit")
        for index, text in enumerate(row):
            cell = cells.cells[index]
            cell.width = widths[index]
            if index == 0 and text.isdigit():  # 序号
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif isinstance(values[index], int | float | Decimal):  # amounts and counts line up on the right
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_run_font(cell.paragraphs[0].add_run(text), BODY_FONT, TABLE_SIZE)


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
