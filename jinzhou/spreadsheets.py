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
from decimal import Decimal

import tablib
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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
