"""The dashboards' trends: for each of the last 12 months, cases opened, closed, closed on time and
overdue at the month's end (definitions in docs/metrics.md, "Trends").

All four series of all twelve months come from ONE aggregate query with conditional counts (each
month's boundaries are computed here, in local time), so the cost does not grow with the number of
months or of cases loaded: nothing is loaded, only counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Expression, IntegerField, Q, QuerySet
from django.utils import timezone

from jinzhou.casework.periods import midnight
from jinzhou.casework.tallies import ON_TIME_SQL

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


# Each series' condition for one month, as SQL on the case row ``{c}``, and which of the month's
# instants fill its parameters: ``start``; ``end`` (excluded); ``until``, the end or, for the month
# not yet over, now (it is counted as of now). Overdue at the month's end: opened before it, its
# deadline before it, and not closed by then (still open, or closed after the month's end): a case
# closed late counts for every month end between its deadline and its closure. Written as SQL, not
# as ORM filters: Django resolving the 48 filtered counts' lookups cost 15 ms of Python per
# dashboard for each part counted (two for a chain leader), this 1 ms; the query is the same.
_CLOSED = "NOT {c}.is_open AND {c}.closed_at >= %s AND {c}.closed_at < %s"
SERIES_SQL = {
    "opened": ("{c}.created_at >= %s AND {c}.created_at < %s", ("start", "until")),
    "closed": (_CLOSED, ("start", "end")),
    "closed_on_time": (f"{_CLOSED} AND {ON_TIME_SQL}", ("start", "end")),
    "overdue_at_end": (
        "{c}.created_at < %s AND {c}.due_at < %s AND (({c}.is_open AND {c}.closed_at IS NULL) OR {c}.closed_at >= %s)",
        ("until", "until", "until"),
    ),
}


class _CountWhere(Expression):
    """``COUNT(*) FILTER (WHERE <condition>)`` (or the equivalent ``CASE``) over the queried cases,
    the condition SQL on their columns (``{c}`` the cases' table) with datetime parameters. For a
    plain filtered queryset of cases only: its rows are the cases' table itself (``monthly_trends``
    checks)."""

    contains_aggregate = True
    empty_result_set_value = 0  # as Count: a part known empty (no ids outside the keys) is not queried

    def __init__(self, condition: str, params: list[dt.datetime]) -> None:
        super().__init__(output_field=IntegerField())
        self.condition, self.params = condition, params

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        params = [connection.ops.adapt_datetimefield_value(value) for value in self.params]
        condition = self.condition.format(c=table)
        if connection.features.supports_aggregate_filter_clause:
            return f"COUNT(*) FILTER (WHERE {condition})", params
        return f"COUNT(CASE WHEN {condition} THEN 1 END)", params


def _month_counts(index: int, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict:
    instants = {"start": start, "end": end, "until": min(end, now)}
    return {
        f"{name}_{index}": _CountWhere(condition, [instants[which] for which in uses])
        for name, (condition, uses) in SERIES_SQL.items()
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
    query = relevant.query
    grouped = any(note.contains_aggregate or note.contains_over_clause for note in query.annotations.values())
    if query.distinct or query.combinator or query.is_sliced or query.group_by is not None or grouped:
        # Django would count such a queryset over a subquery, where the cases' columns are not.
        raise TypeError("monthly_trends counts a filtered queryset of cases, not a distinct, sliced or grouped one")
    row = relevant.order_by().aggregate(**counts)
    return [
        TrendMonth(year, month, *(row[f"{name}_{index}"] for name in SERIES))
        for index, (year, month, _start, _end) in enumerate(bounds)
    ]
