"""The case lists' date hierarchy (by deadline) without reading every case.

Django's ``date_hierarchy`` asks the list's queryset for ``MIN``/``MAX`` of the field and for its
``DISTINCT`` truncated years (or months, or days): two scans of every listed case, 100–300 ms at
100,000 cases and growing with the table. The links are the same when read off the lists' index
(``case_list_order_idx``: open or not, then the deadline): the first and the last deadline are each
the first row of an index scan, and a year (month, day) is listed when ``EXISTS`` finds a case in
it, one index probe per year, month or day between the first and the last, all in one query. Same
links, same number of queries (two). A list of fewer than ``READ_ALL_BELOW`` cases (a filter) is
read Django's way, over its own cases.

Each probe is asked twice, of the open and of the closed cases, so that the deadline order is the
index's within each (the open cases have the late deadlines: one probe over both would walk past
the closed ones to find an open one). A list of open cases only (red, overdue) asks the closed
half a contradiction (open and not open) that the index answers at once.

Django's own tag does the rest (the levels, the links, the template): it is given the change list
with this module's stand-in for ``cl.queryset``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db import connections
from django.utils import timezone


class _DeadlineDates:
    """What Django's ``date_hierarchy`` asks of ``cl.queryset`` (``aggregate`` of Min and Max,
    ``datetimes``), answered through the field's index; anything else from the real queryset."""

    def __init__(self, queryset, field: str, params: dict) -> None:
        self.queryset, self.field, self.params = queryset, field, params
        self.range: tuple[dt.datetime | None, dt.datetime | None] | None = None

    def __getattr__(self, name):
        return getattr(self.queryset, name)

    def _sql(self, queryset) -> tuple[str, tuple]:
        return queryset.query.sql_with_params()

    def _halves(self, queryset) -> list:
        return [queryset.filter(is_open=True), queryset.filter(is_open=False)]

    def aggregate(self, *, first, last) -> dict:
        present = self.queryset.order_by().filter(**{f"{self.field}__isnull": False})
        firsts, lasts, params = [], [], []
        for half in self._halves(present):
            sql, half_params = self._sql(half.order_by(self.field).values(self.field)[:1])
            firsts.append(f"({sql})")
            params.extend(half_params)
        for half in self._halves(present):
            sql, half_params = self._sql(half.order_by(f"-{self.field}").values(self.field)[:1])
            lasts.append(f"({sql})")
            params.extend(half_params)
        with connections[self.queryset.db].cursor() as cursor:
            # LEAST and GREATEST leave out a NULL (a half with no case).
            cursor.execute(f"SELECT LEAST({', '.join(firsts)}), GREATEST({', '.join(lasts)})", params)
            self.range = tuple(cursor.fetchone())
        return {"first": self.range[0], "last": self.range[1]}

    def datetimes(self, field: str, kind: str) -> list[dt.datetime]:
        starts = self._candidates(kind)
        if not starts:
            return []
        bounds = [*starts[1:], _next(starts[-1], kind)]
        parts, params = [], []
        for start, end in zip(starts, bounds, strict=True):
            within = self.queryset.order_by().filter(**{f"{field}__gte": start, f"{field}__lt": end})
            either = []
            for half in self._halves(within):
                sql, half_params = self._sql(half.values("pk")[:1])
                either.append(f"EXISTS({sql})")
                params.extend(half_params)
            parts.append(f"({' OR '.join(either)})")
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            found = cursor.fetchone()
        return [start for start, there in zip(starts, found, strict=True) if there]

    def _candidates(self, kind: str) -> list[dt.datetime]:
        """The starts of every year, month or day that may hold a case, in the current time zone."""
        year = self.params.get(f"{self.field}__year")
        month = self.params.get(f"{self.field}__month")
        if kind == "year":
            if self.range is None:
                self.aggregate(first=None, last=None)
            first, last = (timezone.localtime(value) if value else None for value in self.range)
            if not first or not last:
                return []
            return [_local(y, 1, 1) for y in range(first.year, last.year + 1)]
        if year is None or (kind == "day" and month is None):
            # The level Django chose from the range (all cases in one year, or in one month).
            if self.range is None:
                self.aggregate(first=None, last=None)
            first = timezone.localtime(self.range[0])
            year, month = year or first.year, month or first.month
        year = int(year)
        if kind == "month":
            return [_local(year, m, 1) for m in range(1, 13)]
        month = int(month)
        return [_local(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def _local(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day))


def _next(start: dt.datetime, kind: str) -> dt.datetime:
    if kind == "year":
        return _local(start.year + 1, 1, 1)
    if kind == "month":
        return _local(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return _local(*(start.date() + dt.timedelta(days=1)).timetuple()[:3])


# Up to this many listed cases, Django's own reads (over the listed cases, through the filter's
# index) cost little, and they never depend on the planner guessing how a filter and the deadline
# order meet: asked for its first *closed* deadline, a list of an open state (?status=handling) was
# read down the whole closed part of the index (2.3 s at 1,000,000 cases), the planner expecting a
# closed case in that state every few hundred rows.
READ_ALL_BELOW = 10_000


class _ChangeList:
    def __init__(self, cl) -> None:
        self._cl = cl
        # The reads through the index are PostgreSQL's SQL (LEAST, GREATEST); SQLite, the embedded
        # database of a small installation, keeps Django's own.
        few = cl.result_count < READ_ALL_BELOW or connections[cl.queryset.db].vendor != "postgresql"
        self.queryset = cl.queryset if few else _DeadlineDates(cl.queryset, cl.date_hierarchy, cl.params)

    def __getattr__(self, name):
        return getattr(self._cl, name)


def deadline_hierarchy(cl) -> dict | None:
    """Django's ``date_hierarchy(cl)``, with the dates read through the index (see the module)."""
    return date_hierarchy(_ChangeList(cl))
