"""The period a dashboard's rates are computed over: a month (``2026-11``), a quarter (``2026-Q4``), a
year (``2026``) or a range of days (``2026-01-05..2026-03-31``), in local time (Asia/Shanghai).

One parser for every page that takes a period, so a bad value gets the same clear message
everywhere instead of a 500."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` included; ``start``/``end`` are the instants [start, end)."""

    code: str
    label: str
    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        return midnight(self.last + dt.timedelta(days=1))


def midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_period(value: str) -> Period | None:
    """The period named by ``value``; None for "" (all time). Raises ``ValidationError`` with a
    message a visitor can act on for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if match := MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            first = dt.date(year, month, 1)
            return Period(
                f"{year}-{month:02d}",
                _("%(year)d-%(month)02d") % {"year": year, "month": month},
                first,
                month_end(year, month),
            )
        if match := QUARTER.match(value):
            year, quarter = int(match[1]), int(match[2])
            first = dt.date(year, 3 * quarter - 2, 1)
            label = _("%(year)d Q%(quarter)d") % {"year": year, "quarter": quarter}
            return Period(f"{year}-Q{quarter}", label, first, month_end(year, 3 * quarter))
        if match := YEAR.match(value):
            year = int(match[1])
            return Period(str(year), _("Year %(year)d") % {"year": year}, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if match := RANGE.match(value):
            first, last = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
            if last < first:
                raise ValidationError(_("The range ends before it starts: %(value)s.") % {"value": value})
            return Period(f"{first}..{last}", f"{first} – {last}", first, last)
    except ValueError:
        pass  # a month 13 or a 31 February: the same message as any other bad value
    raise ValidationError(
        _(
            "“%(value)s” is not a period: use a month (2026-11), a quarter (2026-Q4), a year (2026) "
            "or a range (2026-01-01..2026-03-31)."
        )
        % {"value": value}
    )


def recent_periods(today: dt.date) -> list[Period]:
    """The periods the picker offers: the last 12 months, the last 4 quarters, the last 3 years."""
    periods = []
    year, month = today.year, today.month
    for _index in range(12):
        periods.append(parse_period(f"{year}-{month:02d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _index in range(4):
        periods.append(parse_period(f"{year}-Q{quarter}"))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    periods += [parse_period(str(today.year - back)) for back in range(3)]
    return periods


def previous_period(period: Period) -> Period:
    """The period of the same length just before ``period``: the previous month, quarter or year for
    those, else as many days ending the day before (the circular's "change on the previous period")."""
    first = period.first
    if MONTH.match(period.code):
        year, month = (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)
        return parse_period(f"{year}-{month:02d}")
    if QUARTER.match(period.code):
        quarter = (first.month - 1) // 3 + 1
        year, quarter = (first.year, quarter - 1) if quarter > 1 else (first.year - 1, 4)
        return parse_period(f"{year}-Q{quarter}")
    if YEAR.match(period.code):
        return parse_period(str(first.year - 1))
    days = (period.last - period.first).days
    last = period.first - dt.timedelta(days=1)
    return parse_period(f"{last - dt.timedelta(days=days)}..{last}")


def clean_period_fields(form, data: dict, default: str = "") -> dict:
    """A form's ``period`` / ``start`` / ``end`` fields read as one period into ``data["parsed_period"]``
    (a range when a day is given, else the chosen period or ``default``); a half range or a bad value
    is an error on the field the visitor typed in. For the dashboards' and the circular's pickers."""
    start, end = data.get("start"), data.get("end")
    value = data.get("period") or default
    if start or end:
        if not (start and end):
            raise ValidationError(_("A range needs both its first and its last day."))
        value = f"{start}..{end}"
    try:
        data["parsed_period"] = parse_period(value)
    except ValidationError as error:
        form.add_error("period" if not (start or end) else "end", error)
    return data
