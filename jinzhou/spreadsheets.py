"""The one way the project writes spreadsheets (.xlsx and .csv): every cell goes through ``cell_value``.

Formula injection (OWASP "CSV Injection"): a spreadsheet program reads a cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a formula, so a case title such
as ``=HYPERLINK("http://…","点此")`` typed by an enterprise would run when the office opens the
export. openpyxl even stores such a string as a real formula. ``cell_value`` writes that text with a
leading apostrophe, as OWASP recommends, so it stays text in Excel, WPS and LibreOffice, also
after the cell is edited; numbers, dates and times are written as themselves.

Writers: ``new_workbook`` + ``append_row`` + ``xlsx_response`` / ``xlsx_bytes`` for openpyxl,
``csv_writer`` for CSV, and ``SafeXLSX`` / ``SafeCSV`` as django-import-export's formats (settings
``IMPORT_EXPORT_FORMATS``). ``tests/casework/test_export_injection.py`` fails when any other module
writes spreadsheet cells itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import unicodedata
from decimal import Decimal

import tablib
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# OWASP's list: the characters a spreadsheet program reads as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Written as themselves: Excel keeps their type (a date sorts as a date, a number sums).
NATIVE_TYPES = (bool, int, float, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)


def neutralise(text: str) -> str:
    """``text`` as a cell can hold it, and never read as a formula.

    A leading space does not protect a formula in every program (some trim cells when they read a
    CSV), so the first character after leading spaces counts too. Control characters that .xlsx
    cannot hold (openpyxl refuses the whole workbook for one of them) become U+FFFD."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip(" \u3000").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def cell_value(value):
    """What to write into a cell for ``value``: numbers, dates, times, booleans and empty cells as
    they are; anything else (text, lazy translations, model instances) as neutralised text."""
    if value is None or isinstance(value, NATIVE_TYPES):
        return value
    return neutralise(str(value))


def safe_row(values) -> list:
    return [cell_value(value) for value in values]


# --- openpyxl ------------------------------------------------------------------------------------------
def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook to fill with ``append_row``. Write-only mode keeps memory constant for long lists."""
    return Workbook(write_only=write_only)


def append_row(sheet, values, *, font=None) -> None:
    """Append one row of neutralised cells (``font`` for a header row)."""
    row = safe_row(values)
    if font is not None:
        row = [_styled(sheet, value, font) for value in row]
    sheet.append(row)


def _styled(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


# --- a table a clerk pastes into a report ---------------------------------------------------------------
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TITLE_FONT = Font(bold=True, size=14)
MIN_WIDTH, MAX_WIDTH = 6, 60


def display_width(value) -> int:
    """How many character cells ``value`` takes in a spreadsheet: a Chinese character (East Asian
    wide or full-width) counts double, so a column of 20 characters of Chinese gets 40."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)


def column_widths(header, rows) -> list[float]:
    """Widths that fit the header and the rows (from ``MIN_WIDTH`` to ``MAX_WIDTH``; longer text
    wraps in the reader's eye rather than making a column a screen wide)."""
    widths = [display_width(value) for value in header]
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], display_width(value))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _cell(sheet, value, *, font=None, fill=None):
    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = "0.00"
    return cell


class TableSheet:
    """A write-only sheet holding one table: an optional title row, a header row frozen above the
    data, an autofilter over the data, widths that fit the content (measured on the first rows, since
    a write-only sheet must know its widths before its first row), dates as dates.

    ``write(rows)`` may be given a generator: only the first ``sample`` rows are held in memory."""

    def __init__(self, book: Workbook, title: str, header, *, heading: str | None = None, sample: int = 500):
        self.sheet = book.create_sheet(title[:31])
        self.header = list(header)
        self.heading = heading
        self.sample = sample
        self.header_row = 2 if heading else 1
        self.rows_written = 0

    def write(self, rows) -> int:
        rows = iter(rows)
        first = []
        for row in rows:
            first.append(list(row))
            if len(first) >= self.sample:
                break
        for index, width in enumerate(column_widths(self.header, first), start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = f"A{self.header_row + 1}"
        if self.heading:
            self.sheet.append([_cell(self.sheet, self.heading, font=TITLE_FONT)])
        self.sheet.append([_cell(self.sheet, value, font=HEADER_FONT, fill=HEADER_FILL) for value in self.header])
        for row in first:
            self._append(row)
        for row in rows:
            self._append(row)
        last_row = self.header_row + max(self.rows_written, 1)
        self.sheet.auto_filter.ref = f"A{self.header_row}:{get_column_letter(len(self.header))}{last_row}"
        return self.rows_written

    def _append(self, row) -> None:
        self.sheet.append([_cell(self.sheet, value) for value in row])
        self.rows_written += 1


def xlsx_bytes(book: Workbook) -> bytes:
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        return handle.read()


def xlsx_response(book: Workbook, filename: str):
    """Stream the workbook as a download (a ``FileResponse``), from a temporary file rather than
    memory: a large export must not hold the whole file in RAM."""
    from django.http import FileResponse  # here, not above: the settings import this module

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    book.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


# --- CSV -----------------------------------------------------------------------------------------------
class _SafeCsvWriter:
    def __init__(self, stream, **kwargs) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, values):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(stream, **kwargs) -> _SafeCsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""
    return _SafeCsvWriter(stream, **kwargs)


# --- django-import-export ------------------------------------------------------------------------------
def _neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = safe_row(dataset.headers)
    for row in dataset:
        safe.append(safe_row(row))
    return safe


class SafeXLSX(base_formats.XLSX):
    """django-import-export's .xlsx with every cell neutralised (its own option only drops an ``=``)."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


SAFE_FORMATS = [SafeCSV, SafeXLSX]

# The import-export admin keeps numbers and dates typed only for the formats in this list, compared
# by exact class; without this, SafeXLSX would get every value as text.
if SafeXLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(SafeXLSX)
