"""Working-day arithmetic for case deadlines.

A working day is Monday to Friday, except on the days the calendar says otherwise. For a year with
a *complete* ``CalendarYear`` (the State Council's annual notice entered or imported) the calendar
is that year's ``Holiday`` rows and nothing else: the days off (kind ``holiday``) are not working
days and the make-up days (kind ``workday``, 调休上班) are. For a year without a complete calendar
its Holiday rows are ignored (a half-entered year must not move deadlines while someone is still
typing it in) and the statutory holidays of 《全国年节及纪念日放假办法》, computed from the
Gregorian and lunar calendars by ``statutory_holidays.py``, are days off instead: 元旦 2027 is not
a working day although nobody has entered 2027 yet. The bridging days, the make-up working days
and the 补假 only the notice decides; they apply once it is entered, and the admin warns until then.

All functions accept ``date`` objects; an aware ``datetime`` passed where a date is expected is
taken as its local (Asia/Shanghai) calendar date.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time as monotonic_clock
import uuid
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from jinzhou.casework.statutory_holidays import FIRST_YEAR, LAST_YEAR, statutory_holidays

__all__ = [
    "add_working_days",
    "calendar_gaps",
    "invalidate_calendar_cache",
    "is_working_day",
    "missing_calendar_years",
    "next_working_moment",
    "working_days_between",
]

ONE_DAY = timedelta(days=1)
VERSION_KEY = "casework:calendar:version"
# How often a process asks the shared cache whether another process changed the calendar. A sweep
# computing thousands of deadlines then costs one cache round trip, not thousands.
VERSION_CHECK_SECONDS = 2.0
# A snapshot is rebuilt after this long whatever the version says: it bounds the damage of the
# cases no signal reports (a rolled-back admin save, queryset.update(), an evicted cache key).
MAX_SNAPSHOT_AGE_SECONDS = 300.0


@dataclass(frozen=True)
class _Calendar:
    """An immutable snapshot of the calendar; replaced, never mutated, so threads can share it."""

    complete_years: frozenset[int]
    days_off: frozenset[date]
    make_up_days: frozenset[date]
    # Sorted dates on which the entered (complete) years differ from Monday–Friday, with the running
    # sum of the differences (-1 for a weekday off, +1 for a weekend make-up day) up to each. The
    # computed statutory days of the other years are not in the snapshot: between() adds them.
    exception_dates: tuple[date, ...]
    exception_running_sum: tuple[int, ...]

    def is_working(self, day: date) -> bool:
        if day.year in self.complete_years:
            if day in self.days_off:
                return False
            if day in self.make_up_days:
                return True
            return day.weekday() < 5
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def between(self, a: date, b: date) -> int:
        """``C(b) - C(a)``, ``C(x)`` being the working days up to and including ``x``."""
        low, high, sign = (a, b, 1) if a <= b else (b, a, -1)
        computed = 0
        for year in range(max(low.year, FIRST_YEAR), min(high.year, LAST_YEAR) + 1):
            if year not in self.complete_years:
                days = _computed_weekdays_off(year)
                computed += bisect_right(days, high) - bisect_right(days, low)
        return self._cumulative(b) - self._cumulative(a) - sign * computed

    def _cumulative(self, day: date) -> int:
        """Working days from 0001-01-01 up to ``day`` by the entered years alone; only differences matter."""
        ordinal = day.toordinal()  # ordinal 1 (0001-01-01) was a Monday
        weekdays = ordinal // 7 * 5 + min(ordinal % 7, 5)
        index = bisect_right(self.exception_dates, day)
        return weekdays + (self.exception_running_sum[index - 1] if index else 0)


@functools.cache
def _computed_weekdays_off(year: int) -> tuple[date, ...]:
    # The statutory days of a year without a notice that fall Monday–Friday, sorted. Kept per
    # process like statutory_holidays(): they change only with this code, never with the database,
    # so the calendar's invalidation has nothing to do with them. Whether they apply (is the year
    # complete?) is decided by the snapshot, which the invalidation does keep current.
    return tuple(day for day in statutory_holidays(year) if day.weekday() < 5)


def _load_calendar() -> _Calendar:
    from jinzhou.casework.models.calendar import CalendarYear, Holiday, HolidayKind

    complete_years = frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    days_off: set[date] = set()
    make_up_days: set[date] = set()
    # The whole table is loaded at once: it grows by about forty rows a year, so one query for
    # everything is cheaper than any per-range bookkeeping and serves every deadline of a sweep.
    for day, kind in Holiday.objects.values_list("date", "kind"):
        if day.year not in complete_years:
            continue
        (days_off if kind == HolidayKind.HOLIDAY else make_up_days).add(day)
    deltas = {d: -1 for d in days_off if d.weekday() < 5}
    deltas.update({d: 1 for d in make_up_days if d.weekday() >= 5})
    exception_dates = tuple(sorted(deltas))
    return _Calendar(
        complete_years=complete_years,
        days_off=frozenset(days_off),
        make_up_days=frozenset(make_up_days),
        exception_dates=exception_dates,
        exception_running_sum=tuple(accumulate(deltas[d] for d in exception_dates)),
    )


class _SnapshotHolder:
    """The process's calendar snapshot and the shared version it was built at."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calendar: _Calendar | None = None
        self.version: str | None = None
        self.built_at = 0.0
        self.checked_at = 0.0

    def get(self) -> _Calendar:
        now = monotonic_clock.monotonic()
        calendar = self.calendar
        if calendar is not None and now - self.built_at < MAX_SNAPSHOT_AGE_SECONDS:
            if now - self.checked_at < VERSION_CHECK_SECONDS:
                return calendar
            version = _shared_version()
            if version == self.version:
                self.checked_at = now
                return calendar
        with self.lock:
            version = _shared_version()
            calendar = _load_calendar()
            self.calendar, self.version = calendar, version
            self.built_at = self.checked_at = monotonic_clock.monotonic()
            return calendar

    def drop(self) -> None:
        with self.lock:
            self.calendar = None


_snapshot = _SnapshotHolder()


def _shared_version() -> str | None:
    try:
        return cache.get(VERSION_KEY)
    except Exception:  # a broken cache must not stop deadlines; the snapshot age still bounds staleness
        return None


def _bump_shared_version() -> None:
    # Suppressed for the same reason as in _shared_version.
    with contextlib.suppress(Exception):
        # A fresh token instead of cache.incr(): incr fails on a key that was evicted.
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _invalidate_now() -> None:
    _snapshot.drop()
    _bump_shared_version()


def invalidate_calendar_cache() -> None:
    """Make every process rebuild its calendar snapshot; called whenever a Holiday or CalendarYear changes.

    The snapshot of this process is dropped at once, so the change is visible to the rest of the
    request (and to the admin's next page). Other processes (workers, other web processes) learn
    of it through a version token in the Django cache, which is only shared between processes when
    CACHES points at a shared backend such as Redis. The token is bumped again after the
    transaction commits: a process that rebuilt its snapshot between the save and the commit
    would otherwise have read the old rows and kept them under the new token.
    """
    _invalidate_now()
    transaction.on_commit(_invalidate_now)


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day (see the module docstring for the rule)."""
    return _snapshot.get().is_working(_as_date(d))


def add_working_days(start: date, n: int) -> date:
    """The date of the ``n``-th working day after ``start`` (before it when ``n`` is negative).

    ``start`` itself is never counted: with ``n=1`` a case received on Friday is due on the next
    working day, and with ``n=-3`` the result is the third working day strictly before ``start``.
    ``n=0`` returns ``start`` if it is a working day, otherwise the next working day after it
    (the date a deadline "today" effectively falls on).
    """
    calendar = _snapshot.get()
    day = _as_date(start)
    if n == 0:
        while not calendar.is_working(day):
            day += ONE_DAY
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if calendar.is_working(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """The signed number of working days from ``a`` to ``b``.

    For ``b >= a``: the number of working days ``d`` with ``a < d <= b`` (``a`` excluded, ``b``
    included). For ``b < a``: minus the number of working days with ``b < d <= a``. Equivalently
    ``C(b) - C(a)`` where ``C(x)`` counts working days up to and including ``x``, so
    ``working_days_between(a, a) == 0``, ``working_days_between(a, b) == -working_days_between(b, a)``
    and counts over consecutive spans add up. For ``b > a`` and ``b`` a working day,
    ``add_working_days(a, working_days_between(a, b)) == b``. Runs in O(log n) per year spanned.
    """
    return _snapshot.get().between(_as_date(a), _as_date(b))


def next_working_moment(dt: datetime, start: time = time(9), end: time = time(18)) -> datetime:
    """The first moment at or after ``dt`` within working hours ``[start, end)`` on a working day.

    Used for quiet hours: a reminder due at 21:00 on Friday goes out at 09:00 on the next working
    day. ``end`` is exclusive, so 18:00 sharp is already outside. The result is aware, in the
    current time zone (Asia/Shanghai); a naive ``dt`` is taken to be in that time zone.
    """
    if start >= end:
        raise ValueError("start must be earlier than end")
    tz = timezone.get_current_timezone()
    local = timezone.localtime(dt, tz) if timezone.is_aware(dt) else timezone.make_aware(dt, tz)
    calendar = _snapshot.get()
    day = local.date()
    if calendar.is_working(day):
        if local.time() < start:
            return datetime.combine(day, start, tzinfo=tz)
        if local.time() < end:
            return local
    day += ONE_DAY
    while not calendar.is_working(day):
        day += ONE_DAY
    return datetime.combine(day, start, tzinfo=tz)


def calendar_gaps(years: Iterable[int]) -> list[int]:
    """The years among ``years`` that have no complete calendar, sorted and without repeats."""
    complete = _snapshot.get().complete_years
    return sorted({year for year in years if year not in complete})


def missing_calendar_years(start_year: int, end_year: int) -> list[int]:
    """The years from ``start_year`` to ``end_year`` (both included) with no complete calendar."""
    return calendar_gaps(range(start_year, end_year + 1))
