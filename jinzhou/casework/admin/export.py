"""Excel export of a case list, exactly as filtered on screen (scope, filters, search, order): the
columns a circular needs (issue 16 §5), widths that fit, a frozen header, an autofilter, dates as dates.

Cells are written by ``jinzhou.spreadsheets`` (``TableSheet``), so a title typed as a formula stays text.
Every column comes from the list's one query (joins and subqueries), so 100 rows cost what 1 does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou import spreadsheets
from jinzhou.casework.display import (
    LIGHT_TEXT,
    case_kind_label,
    latest_progress_text,
    local_date,
    overdue_working_days,
)
from jinzhou.casework.models import Case
from jinzhou.casework.selectors import light_of
from jinzhou.org.selectors import person_label, person_related


def export_columns() -> list[str]:
    return [
        _("Reference"),
        _("Kind"),
        _("Title"),
        _("Chain"),
        _("Reporting enterprise"),
        _("Responsible department"),
        _("Responsible person"),
        _("Deadline"),
        _("Original deadline"),
        _("Light"),
        _("Working days overdue"),
        _("Status"),
        _("Latest progress"),
        _("Latest progress on"),
        _("Supervision notices (count)"),
        _("Created at"),
        _("Closed at"),
    ]


def _local_datetime(value):
    # Excel has no time zones: write the city's wall-clock time, without tzinfo.
    return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0) if value else None


def export_queryset(cases: QuerySet) -> QuerySet:
    """The list's queryset with everything a row of the export reads, in the same one query."""
    # A kind's own list (e.g. bottlenecks) has the detail field on its rows; the all-cases list reads it.
    if cases.model is Case and "kind_detail" not in cases.query.annotations:
        cases = cases.with_kind_detail()
    if "light" not in cases.query.annotations:
        cases = cases.with_light(timezone.now())
    return (
        cases.select_related(
            "chain",
            "responsible_department",
            "reporter_enterprise",
            "responsible_person",
            *person_related("responsible_person"),
        )
        .with_latest_progress()
        .with_notice_count()
    )


def case_row(case, now=None) -> list:
    return [
        case.reference,
        case_kind_label(case),
        case.title,
        case.chain.name if case.chain_id else "",
        case.reporter_enterprise.name if case.reporter_enterprise_id else "",
        case.responsible_department.name if case.responsible_department_id else "",
        person_label(case.responsible_person),
        local_date(case.due_at),
        local_date(case.original_due_at),
        str(LIGHT_TEXT.get(light_of(case), "")),
        overdue_working_days(case, now),
        str(case.status_label),
        latest_progress_text(case),
        local_date(case.progress_at),
        case.notice_count,
        _local_datetime(case.created_at),
        _local_datetime(case.closed_at),
    ]


def xlsx_response(cases: QuerySet, filename_stem: str) -> FileResponse:
    """Write the rows in openpyxl's write-only mode (constant memory past the first rows, which set
    the widths) to a temporary file and stream it."""
    now = timezone.now()
    book = spreadsheets.new_workbook(write_only=True)
    table = spreadsheets.TableSheet(book, _("Cases"), export_columns())
    table.write(case_row(case, now) for case in export_queryset(cases).iterator(chunk_size=2000))
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    return spreadsheets.xlsx_response(book, f"{filename_stem}-{stamp}.xlsx")
