"""Fast writing: a compact clock, cached deadlines, and a bulk writer (COPY or executemany)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from chains.models import ChainTask
from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.kinds import get_kind
from jinzhou.casework.models import Case, ReferenceSequence
from jinzhou.casework.tallies import compact_tallies
from seeds.demo.mix import DAY, SQLITE_CACHE_KIB

_HOURS_MINUTES = [f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60)]
_SECONDS = [f"{second:02d}" for second in range(60)]
_EPOCH = dt.date(1970, 1, 1)


class _Clock:
    """Local time as whole seconds since local midnight of ``base``; ``t // DAY`` is a day index.

    ``db()`` turns such a moment into the text of its UTC time, ``YYYY-MM-DD HH:MM:SS``: what
    Django's SQLite adapter stores, and (with ``+00:00``) what PostgreSQL's COPY reads."""

    def __init__(self, base: dt.date, vendor: str) -> None:
        self.base = base
        self.tz = timezone.get_current_timezone()
        self.suffix = "+00:00" if vendor == "postgresql" else ""
        self._utc_starts: dict[int, int | None] = {}
        self._utc_days: dict[int, str] = {}
        self._dates: dict[int, dt.date] = {}
        self._iso: dict[int, str] = {}

    def date(self, day: int) -> dt.date:
        value = self._dates.get(day)
        if value is None:
            value = self._dates[day] = self.base + dt.timedelta(days=day)
        return value

    def day_of(self, value: dt.date) -> int:
        return (value - self.base).days

    def aware(self, t: int) -> dt.datetime:
        day, second = divmod(t, DAY)
        return dt.datetime.combine(self.date(day), dt.time.min, tzinfo=self.tz) + dt.timedelta(seconds=second)

    def from_aware(self, value: dt.datetime) -> int:
        local = timezone.localtime(value, self.tz)
        return self.day_of(local.date()) * DAY + local.hour * 3600 + local.minute * 60 + local.second

    def db(self, t: int | None) -> str | None:
        """The database value of a moment (None stays None)."""
        if t is None:
            return None
        day, second = divmod(t, DAY)
        try:
            start = self._utc_starts[day]
        except KeyError:
            start = self._utc_starts[day] = self._utc_start(day)
        if start is None:
            # A day on which the UTC offset changes: convert exactly, the slow way.
            value = self.aware(t).astimezone(dt.UTC).replace(tzinfo=None)
            return str(value) + self.suffix
        utc_day, utc_second = divmod(start + second, DAY)
        try:
            prefix = self._utc_days[utc_day]
        except KeyError:
            prefix = self._utc_days[utc_day] = f"{_EPOCH + dt.timedelta(days=utc_day)} "
        return prefix + _HOURS_MINUTES[utc_second // 60] + _SECONDS[utc_second % 60] + self.suffix

    def _utc_start(self, day: int) -> int | None:
        """The Unix time of the day's local midnight, or None if the UTC offset changes during the day."""
        midnight = dt.datetime.combine(self.date(day), dt.time.min, tzinfo=self.tz)
        evening = dt.datetime.combine(self.date(day), dt.time.max, tzinfo=self.tz)
        if midnight.utcoffset() != evening.utcoffset():
            return None
        return int(midnight.timestamp())

    def iso_day(self, t: int) -> str:
        day = t // DAY
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = self.date(day).isoformat()
        return text


class _Deadlines:
    """Working-day arithmetic and the services' own deadline rules, memoised per day.

    A run asks the same questions about a few hundred distinct days over and over; each answer is
    computed once with the real functions (``add_working_days``, ``effects.set_deadline``,
    ``ChainTask.schedule_next_report``), so the rows agree with what the services would write."""

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock
        self._add: dict[tuple[int, int], int] = {}
        self._warn: dict[tuple[str, int], int] = {}
        self._report: dict[tuple[str, int], int] = {}
        self._iso: dict[int, str] = {}

    def add(self, day: int, n: int) -> int:
        key = (day, n)
        value = self._add.get(key)
        if value is None:
            value = self._add[key] = self.clock.day_of(add_working_days(self.clock.date(day), n))
        return value

    @staticmethod
    def due_moment(day: int) -> int:
        """A deadline given as a day ends with that day (``inputs.end_of_day``)."""
        return day * DAY + DAY - 1

    def warn_moment(self, kind: str, due_day: int) -> int:
        key = (kind, due_day)
        value = self._warn.get(key)
        if value is None:
            case = SimpleNamespace(spec=get_kind(kind), due_at=None, original_due_at=None, warn_at=None)
            set_deadline(case, self.clock.aware(self.due_moment(due_day)))
            value = self._warn[key] = self.clock.from_aware(case.warn_at)
        return value

    def next_report(self, cadence: str, since: int) -> int:
        key = (cadence, since // DAY)
        value = self._report.get(key)
        if value is None:
            task = ChainTask(report_cadence=cadence)
            task.schedule_next_report(self.clock.aware(since))
            value = self._report[key] = self.clock.from_aware(task.report_due_at)
        return value

    def iso_deadline(self, due_day: int) -> str:
        value = self._iso.get(due_day)
        if value is None:
            value = self._iso[due_day] = json.loads(
                json.dumps(self.clock.aware(self.due_moment(due_day)), cls=DjangoJSONEncoder)
            )
        return value


class _Table:
    """One table's insert: the columns the generator fills, plus any other column at its default."""

    def __init__(self, model, attnames: tuple[str, ...], connection) -> None:
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        unknown = set(attnames) - set(fields)
        if unknown:
            raise LookupError(f"{model._meta.label} has no fields {sorted(unknown)}")
        extra = [f for name, f in fields.items() if name not in attnames and not f.primary_key]
        defaults = []
        for f in extra:
            if not f.has_default() and not f.null:
                raise LookupError(f"seed_demo does not know how to fill {model._meta.label}.{f.attname}")
            defaults.append(_db_constant(f, f.get_default(), connection))
        self.table = model._meta.db_table
        self.columns = [fields[name].column for name in attnames] + [f.column for f in extra]
        self.defaults = tuple(defaults)
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.defaults if self.defaults else row)

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        return rows


def _db_constant(f, value, connection):
    if value is None:
        return None
    if f.get_internal_type() == "JSONField":
        return json.dumps(value, cls=f.encoder)
    return f.get_db_prep_save(value, connection)


class _Writer:
    """Writes rows in bulk: COPY on PostgreSQL, executemany on SQLite; each call names its connection,
    because the rows may be written by another thread than the one that generates them."""

    def __init__(self, vendor: str) -> None:
        if vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"seed_demo supports SQLite and PostgreSQL, not {vendor}")
        self.vendor = vendor

    def write(self, connection, table: _Table, rows: list[tuple]) -> int:
        if not rows:
            return 0
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                insert = f"INSERT INTO {quote(table.table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
                cursor.executemany(insert, rows)
        return len(rows)

    def reserve_ids(self, connection, model, count: int) -> int:
        """Advance ``model``'s id sequence past ``count`` ids and return the first; call it in a transaction."""
        quote = connection.ops.quote_name
        table = model._meta.db_table
        pk = quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Nobody inserts while we move the sequence: a concurrent insert would take an id we hand out.
                cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), model._meta.pk.column])
                (sequence,) = cursor.fetchone()
                first_free = f"SELECT GREATEST(COALESCE(MAX({pk}), 0) + 1, nextval(%s)) FROM {quote(table)}"  # noqa: S608
                cursor.execute(first_free, [sequence])
                (first,) = cursor.fetchone()
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return first
            # AUTOINCREMENT hands out max(rowid, sqlite_sequence.seq) + 1, so raising seq reserves the block.
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quote(table)}")  # noqa: S608 - names from _meta
            (max_id,) = cursor.fetchone()
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            first = max(max_id, found[0] if found else 0) + 1
            if found:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first + count - 1, table])
            else:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first + count - 1])
            return first

    @contextmanager
    def loading(self, connection) -> Iterator[None]:
        """Connection settings for a bulk load, undone afterwards.

        SQLite: a bigger page cache than its 2 MB default, and, as loaddata does, no foreign-key check
        per inserted row (``check()`` checks the tables once at the end). Inside an outer transaction
        (a test) the checks cannot be switched off and stay on. PostgreSQL checks foreign keys at
        each batch's commit, as always."""
        if self.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (previous,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        try:
            with connection.constraint_checks_disabled():
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    def check(self, connection, tables: list[str]) -> None:
        """After the load: check SQLite's foreign keys; refresh PostgreSQL's planner statistics and
        compact the dashboards' tallies, which the load updated once per case."""
        if self.vendor == "sqlite":
            connection.check_constraints(table_names=tables)
        else:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(quote(t) for t in tables))
            compact_tallies(connection)


def reserve_references(counts: Counter, using: str = "default") -> dict[tuple[str, int], int]:
    """Advance ``ReferenceSequence`` past ``counts[(prefix, year)]`` numbers each; return the first of each.

    Starts after the larger of the sequence and any number already in use, so a reference made
    without the sequence (an import, a test fixture) cannot collide either."""
    first = {}
    for (prefix, year), count in sorted(counts.items()):
        sequence, _created = (
            ReferenceSequence.objects.db_manager(using).select_for_update().get_or_create(prefix=prefix, year=year)
        )
        head = f"{prefix}-{year}-"
        used = (
            Case.objects.using(using)
            .filter(reference__startswith=head)
            .annotate(number=Cast(Substr("reference", len(head) + 1), IntegerField()))
            .aggregate(top=Max("number"))["top"]
            or 0
        )
        start = max(sequence.last, used) + 1
        ReferenceSequence.objects.using(using).filter(pk=sequence.pk).update(last=start + count - 1)
        first[(prefix, year)] = start
    return first
