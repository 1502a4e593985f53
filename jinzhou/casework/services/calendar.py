"""Writes to the working-day calendar: marking a year complete and importing the State Council notice.

The admin view and the ``import_holidays`` command both call :func:`import_holidays`, so a file
accepted in one is accepted in the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from jinzhou import spreadsheets
from jinzhou.casework.models.calendar import CalendarSource, CalendarYear, Holiday, HolidayKind

KIND_WORDS = {
    "放假": HolidayKind.HOLIDAY,
    "休": HolidayKind.HOLIDAY,
    "休息": HolidayKind.HOLIDAY,
    "holiday": HolidayKind.HOLIDAY,
    "off": HolidayKind.HOLIDAY,
    "上班": HolidayKind.WORKDAY,
    "班": HolidayKind.WORKDAY,
    "调休上班": HolidayKind.WORKDAY,
    "workday": HolidayKind.WORKDAY,
    "work": HolidayKind.WORKDAY,
}
DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
MAX_ROWS = 1000  # a notice has about forty rows; more means the wrong file was chosen
NAME_MAX_LENGTH = Holiday._meta.get_field("name").max_length


class HolidayImportError(Exception):
    """The file was rejected; ``errors`` lists every problem found, each naming its row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class HolidayRow:
    row: int  # the row number as Excel shows it
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class ImportResult:
    year: int
    created: int
    updated: int
    deleted: int


def mark_year_complete(year: int, *, user: Any = None, source: str = CalendarSource.ADMIN) -> CalendarYear:
    """Record that every day off and make-up working day of ``year`` has been entered."""
    calendar_year, _created = CalendarYear.objects.get_or_create(year=year)
    calendar_year.complete = True
    calendar_year.source = source
    calendar_year.completed_at = timezone.now()
    calendar_year.completed_by = user if getattr(user, "pk", None) else None
    if calendar_year.completed_by is not None:
        calendar_year._history_user = user
    calendar_year.save()
    return calendar_year


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := DATE_PATTERN.match(value)):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_holiday_workbook(file: IO[bytes]) -> list[HolidayRow]:
    """Read and check the first sheet of an .xlsx: columns date, kind, name; a header row is optional.

    Raises :class:`HolidayImportError` listing every bad row, so the user fixes the file in one go.
    """
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for "not an .xlsx"
        raise HolidayImportError([_("The file is not an Excel workbook (.xlsx): %(error)s") % {"error": exc}]) from exc
    sheet = workbook.worksheets[0]
    errors: list[str] = []
    rows: list[HolidayRow] = []
    first_row_of: dict[date, int] = {}
    for number, cells in enumerate(sheet.iter_rows(max_col=3, values_only=True), start=1):
        cells = (*cells, None, None, None)[:3]
        raw_date, raw_kind, raw_name = cells
        if all(_cell_text(cell) == "" for cell in cells):
            continue
        day = _parse_date(raw_date)
        if number == 1 and day is None:
            continue  # the header row
        if number > MAX_ROWS:
            errors.append(_("Row %(row)s: the file has more than %(max)s rows.") % {"row": number, "max": MAX_ROWS})
            break
        kind = KIND_WORDS.get(_cell_text(raw_kind).lower())
        name = _cell_text(raw_name)
        if day is None:
            errors.append(
                _("Row %(row)s: “%(value)s” is not a date (write it as 2027-01-01).")
                % {"row": number, "value": _cell_text(raw_date)}
            )
        if kind is None:
            errors.append(
                _("Row %(row)s: the kind “%(value)s” is neither 放假/holiday nor 上班/workday.")
                % {"row": number, "value": _cell_text(raw_kind)}
            )
        if len(name) > NAME_MAX_LENGTH:
            errors.append(
                _("Row %(row)s: the name is longer than %(max)s characters.") % {"row": number, "max": NAME_MAX_LENGTH}
            )
        if day is None or kind is None:
            continue
        if day in first_row_of:
            errors.append(
                _("Row %(row)s: %(date)s already appears in row %(first)s.")
                % {"row": number, "date": day.isoformat(), "first": first_row_of[day]}
            )
            continue
        first_row_of[day] = number
        if kind == HolidayKind.WORKDAY and day.weekday() < 5:
            errors.append(
                _(
                    "Row %(row)s: %(date)s is a weekday, a working day anyway; "
                    "a make-up working day falls on a Saturday or Sunday."
                )
                % {"row": number, "date": day.isoformat()}
            )
            continue
        rows.append(HolidayRow(row=number, date=day, kind=kind, name=name))
    workbook.close()
    if not errors and not rows:
        errors.append(_("The file contains no rows with dates."))
    if errors:
        raise HolidayImportError(errors)
    return rows


def _check_year(rows: list[HolidayRow], year: int) -> list[str]:
    errors = []
    for row in rows:
        # A notice may start the New Year holiday on 31 December of the year before (the 2023
        # notice did), so December of the previous year belongs to it too.
        if row.date.year == year or (row.date.year == year - 1 and row.date.month == 12):
            continue
        errors.append(
            _("Row %(row)s: %(date)s is not in %(year)s.")
            % {"row": row.row, "date": row.date.isoformat(), "year": year}
        )
    return errors


@transaction.atomic
def import_holidays(
    file: IO[bytes], *, year: int | None = None, user: Any = None, source: str = CalendarSource.IMPORT
) -> ImportResult:
    """Replace the calendar of one year with the rows of an .xlsx and mark the year complete.

    ``year`` defaults to the latest year in the file. The file is the whole notice, so the year's
    existing rows that it does not list are deleted. All or nothing: any bad row raises
    :class:`HolidayImportError` and nothing is written.
    """
    rows = parse_holiday_workbook(file)
    year = year or max(row.date.year for row in rows)
    if errors := _check_year(rows, year):
        raise HolidayImportError(errors)
    history_user = user if getattr(user, "pk", None) else None
    existing = {holiday.date: holiday for holiday in Holiday.objects.select_for_update().filter(date__year=year)}
    existing.update({h.date: h for h in Holiday.objects.filter(date__in=[r.date for r in rows if r.date.year != year])})
    created = updated = deleted = 0
    # One save() per row rather than bulk writes: simple-history records only what save() does.
    for row in rows:
        holiday = existing.pop(row.date, None)
        if holiday is None:
            holiday = Holiday(date=row.date)
            created += 1
        elif (holiday.kind, holiday.name, holiday.source) == (row.kind, row.name, source):
            continue
        else:
            updated += 1
        holiday.kind, holiday.name, holiday.source = row.kind, row.name, source
        holiday._history_user = history_user
        holiday.save()
    for holiday in existing.values():
        if holiday.date.year == year:
            holiday._history_user = history_user
            holiday.delete()
            deleted += 1
    mark_year_complete(year, user=user, source=source)
    return ImportResult(year=year, created=created, updated=updated, deleted=deleted)


def template_workbook() -> bytes:
    """An empty .xlsx in the layout :func:`import_holidays` reads, with a second sheet explaining it."""
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = "holidays"
    spreadsheets.append_row(sheet, [_("date"), _("kind (放假 or 上班)"), _("name")], font=Font(bold=True))
    for column, width in (("A", 14), ("B", 22), ("C", 20)):
        sheet.column_dimensions[column].width = width
    # A column style rather than 200 formatted cells, which would count as rows and push data appended below them.
    sheet.column_dimensions["A"].number_format = "yyyy-mm-dd"
    kinds = DataValidation(type="list", formula1='"放假,上班"', allow_blank=True)
    kinds.add("B2:B200")
    sheet.add_data_validation(kinds)
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("说明")
    for line in (
        [_("One row per day of the State Council notice, on the first sheet.")],
        [_("date: the day, e.g. 2026-02-15.")],
        [_("kind: 放假 (or holiday) for a day off, 上班 (or workday) for a make-up working day (调休上班).")],
        [_("name: the holiday, e.g. 春节 or 国庆节.")],
        [_("List every day off, weekends inside a holiday included, and every make-up working day.")],
        [],
        ["2026-02-14", "上班", "春节"],
        ["2026-02-15", "放假", "春节"],
    ):
        spreadsheets.append_row(notes, line)
    notes.column_dimensions["A"].width = 90
    return spreadsheets.xlsx_bytes(workbook)
