"""The investment report (招商工作报告) as tables: the same tables on the admin page, in the Excel
workbook (``jinzhou.spreadsheets``: frozen header, autofilter, amounts as numbers in 0.00) and in the
Word document (``jinzhou.word_documents``). Amounts are in 亿元 with two decimals everywhere: ``yi``
rounds them once to a Decimal of two places, which Excel shows in 0.00 and Word writes as it is (right-aligned);
``yi_text`` (the ``|yi`` template filter) writes them on the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jinzhou import spreadsheets, word_documents
from projects.selectors import StageRow, activity_report, project_report

CENT = Decimal("0.01")
FORMATS = {"xlsx": spreadsheets.XLSX_CONTENT_TYPE, "docx": word_documents.DOCX_CONTENT_TYPE}
NUMERALS = "一二三四五六七八九"


def yi(value) -> Decimal:
    """An amount in 亿元 rounded to two decimals (no amount counts as 0.00)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def yi_text(value) -> str:
    """An amount in 亿元 as the page and the Word document write it: ``12.50``."""
    return f"{yi(value):.2f}"


@dataclass
class Table:
    key: str  # the HTML id
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: str = ""


def _stage_header(first: str) -> list[str]:
    return [
        first,
        _("Signed"),
        _("Signed amount (100M yuan)"),
        _("Started"),
        _("Started amount (100M yuan)"),
        _("Completed"),
        _("Completed amount (100M yuan)"),
        _("Upgrades and capital increases"),
    ]


def _stage_rows(rows: list[StageRow]) -> list[list]:
    table = [
        [row.name, row.signed, yi(row.signed_amount), row.started, yi(row.started_amount), row.completed,
         yi(row.completed_amount), row.upgrades]
        for row in rows
    ]  # fmt: skip
    if table:
        totals = [sum(row[index] for row in table) for index in range(1, 8)]
        table.append([_("Total"), *totals])
    return table


def _amount_note() -> str:
    return _("Amounts in 100M yuan (亿元), two decimals; a project with no amount recorded is counted but adds 0.00.")


def report_tables(start, end, *, user=None) -> list[Table]:
    activities = activity_report(start, end, user=user)
    leaders = [[_("All"), activities.batches, activities.enterprises]]
    leaders += [[row.label, row.batches, row.enterprises] for row in activities.by_leader]
    no_activity = _("No investment activity in this period.")
    no_project = _("No project moved in this period.")
    by_chain = project_report(start, end, by="chain", user=user)
    chain_notes = [_("“—” in the chain column: projects with no chain recorded."), _amount_note()]
    if by_chain.left_out:
        chain_notes.append(
            ngettext(
                "%(counter)s project's stage dates are inferred or samples: it is counted in no period.",
                "%(counter)s projects' stage dates are inferred or samples: they are counted in no period.",
                by_chain.left_out,
            )
            % {"counter": by_chain.left_out}
        )
    return [
        Table("activity-report", _("Investment activities"), [_("Led by"), _("Batches"), _("Enterprises met")],
              leaders, [_("An enterprise met in several batches counts once.")]),
        Table("activity-by-month", _("Investment activities by month"),
              [_("Month"), _("Batches"), _("Enterprises met")],
              [[row.label, row.batches, row.enterprises] for row in activities.by_month], empty=no_activity),
        Table("projects-by-chain", _("Projects by chain"), _stage_header(_("Chain")),
              _stage_rows(by_chain), chain_notes, no_project),
        Table("projects-by-park", _("Projects by park"), _stage_header(_("Park")),
              _stage_rows(project_report(start, end, by="park", user=user)),
              [_("“—” in the park column: projects with no park recorded."), _amount_note()], no_project),
    ]  # fmt: skip


def title(start, end) -> str:
    return _("Investment report %(start)s – %(end)s") % {"start": start, "end": end}


def filename(start, end, extension: str) -> str:
    return f"investment-report-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


def workbook_bytes(start, end, tables: list[Table]) -> bytes:
    book = spreadsheets.new_workbook(write_only=True)
    for table in tables:
        heading = f"{table.title}（{start} – {end}）"
        spreadsheets.TableSheet(book, table.title, table.header, heading=heading).write(table.rows)
    return spreadsheets.xlsx_bytes(book)


def document_bytes(start, end, tables: list[Table]) -> bytes:
    document = word_documents.new_document(landscape=True)
    word_documents.add_title(document, title(start, end))
    for number, table in enumerate(tables, start=1):
        word_documents.add_heading(document, f"{NUMERALS[number - 1]}、{table.title}")
        if table.rows:
            word_documents.add_table(document, table.header, table.rows)  # a Decimal: two decimals, on the right
        else:
            word_documents.add_paragraph(document, table.empty or _("Nothing to list."))
        for note in table.notes:
            word_documents.add_paragraph(document, note, size=word_documents.TABLE_SIZE)
    return word_documents.document_bytes(document)


def render(start, end, tables: list[Table], extension: str) -> bytes:
    """The file's bytes for ``extension`` (``xlsx`` or ``docx``); ``ValueError`` for any other."""
    if extension == "xlsx":
        return workbook_bytes(start, end, tables)
    if extension == "docx":
        return document_bytes(start, end, tables)
    raise ValueError(extension)
