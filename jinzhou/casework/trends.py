"""The dashboards' trends: for each of the last 12 months, cases opened, closed, closed on time and
overdue at the month's end (definitions in docs/metrics.md, "Trends").

All four series of all twelve months come from ONE aggregate query with conditional counts (each
month's boundaries are computed here, in local time), so the cost does not grow with the number of
months or of cases loaded: nothing is loaded, only counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jinzhou.casework.periods import midnight
from jinzhou.casework.reports import CLOSED_ON_TIME

MONTHS = 12
SERIES = ("opened", "closed", "closed_on_time", "overdue_at_end")


@dataclass(frozen=True)
class TrendMonth:
    year: int
    month: int
    opened: int
    closed: int
    closed_on_time: int
    overdue_at_end: int

    @property
    def code(self) -> str:
        return f"{self.year}-{self.month:02d}"


def month_bounds(today: dt.date, months: int = MONTHS) -> list[tuple[int, int, dt.datetime, dt.datetime]]:
    """(year, month, start, end) of the ``months`` months up to and including ``today``'s, oldest
    first; start and end are local midnights, end excluded."""
    year, month = today.year, today.month
    bounds = []
    for _index in range(months):
        start = midnight(dt.date(year, month, 1))
        end = midnight(dt.date(year + month // 12, month % 12 + 1, 1))
        bounds.append((year, month, start, end))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return bounds[::-1]


def _month_counts(index: int, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict:
    closed = Q(is_open=False, closed_at__gte=start, closed_at__lt=end)
    end = min(end, now)  # the month not yet over is counted as of now
    # Overdue at the month's end: opened before it, its deadline before it, and not closed by then
    # (still open now, or closed after the month's end): a case closed late counts for every month
    # end between its deadline and its closure.
    not_closed_by_end = Q(is_open=True, closed_at__isnull=True) | Q(closed_at__gte=end)
    overdue = Q(created_at__lt=end, due_at__lt=end) & not_closed_by_end
    return {
        f"opened_{index}": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        f"closed_{index}": Count("pk", filter=closed),
        f"closed_on_time_{index}": Count("pk", filter=closed & CLOSED_ON_TIME),
        f"overdue_at_end_{index}": Count("pk", filter=overdue),
    }


def monthly_trends(cases: QuerySet, *, now: dt.datetime | None = None, months: int = MONTHS) -> list[TrendMonth]:
    """The trends of ``cases`` (already scoped: ``visible_to`` and the picker's chain, industry or
    department) over the last ``months`` months, oldest first."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    bounds = month_bounds(today, months)
    counts: dict = {}
    for index, (_year, _month, start, end) in enumerate(bounds):
        counts.update(_month_counts(index, start, end, now))
    first = bounds[0][2]
    # Only the cases that can count in one of the months: opened before the last month's end and
    # not closed before the first month began.
    relevant = cases.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=first))
    row = relevant.order_by().aggregate(**counts)
    return [
        TrendMonth(year, month, *(row[f"{name}_{index}"] for name in SERIES))
        for index, (year, month, _start, _end) in enumerate(bounds)
    ]
