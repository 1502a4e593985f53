"""Excel export of a case list, exactly as filtered on screen (scope, filters, search, order).

Cells are written by ``jinzhou.spreadsheets``, so a title typed as a formula stays text."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from jinzhou import spreadsheets
from jinzhou.casework.display import LIGHT_TEXT, kind_label, local_date
from jinzhou.casework.selectors import light_of


def export_columns() -> list[str]:
    return [
        _("Reference"),
        _("Kind"),
        _("Title"),
        _("Status"),
        _("Light"),
        _("Chain"),
        _("Responsible department"),
        _("Deadline"),
        _("Original deadline"),
        _("Created at"),
        _("Closed at"),
    ]


def _local_datetime(value):
    # Excel has no time zones: write the city's wall-clock time, without tzinfo.
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def case_row(case) -> list:
    return [
        case.reference,
        kind_label(case.kind),
        case.title,
        str(case.status_label),
        str(LIGHT_TEXT.get(light_of(case), "")),
        case.chain.name if case.chain_id else "",
        case.responsible_department.name if case.responsible_department_id else "",
        local_date(case.due_at),
        local_date(case.original_due_at),
        _local_datetime(case.created_at),
        _local_datetime(case.closed_at),
    ]


def xlsx_response(cases: QuerySet, filename_stem: str) -> FileResponse:
    """Write the rows in openpyxl's write-only mode (constant memory) to a temporary file and stream it.

    ``cases`` must select_related ``chain`` and ``responsible_department`` and carry the light
    annotation, so that the export is one query however many rows it has."""
    book = spreadsheets.new_workbook(write_only=True)
    sheet = book.create_sheet(_("Cases"))
    spreadsheets.append_row(sheet, export_columns(), font=Font(bold=True))
    for case in cases.iterator(chunk_size=2000):
        spreadsheets.append_row(sheet, case_row(case))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return spreadsheets.xlsx_response(book, f"{filename_stem}-{stamp}.xlsx")
