"""The dashboards' figures from the kept tallies plus live counts: the same numbers as the plain
queries of ``casework.reports`` / ``casework.trends``, at a cost that does not grow with the closed
cases (docs/metrics.md, "Kept tallies"; docs/architecture.md).

Each figure is split into two parts that never overlap:

- the *tallied* part: closed cases (``tallies.TALLIED``) of the part of the visitor's scope the
  tallies' keys express (``Scope.key``: everything, their industries' chains, their department's
  chains or responsibilities), summed from ``CaseTally`` rows; whole months only;
- the *live* part, counted from the cases by the plain queries: every case the tallies leave out
  (open, a few thousand; ``tallies.LIVE``), the visible cases outside the keys (co-handled,
  self-reported, …: ``Scope.rest``, counted only where the keys do not already hold them), and the
  closed cases of the keys in the partial months at the edges of a range of days.

When a case was created or closed after ``now`` (a page asking about the past), or on a database
without the tallies, every figure comes from the plain queries instead: the tallies hold whole months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from jinzhou.casework import reports
from jinzhou.casework.models import Case, CaseTally, CoHandling
from jinzhou.casework.selectors import pk_any, scope_q
from jinzhou.casework.tallies import LIVE, TALLIED, tallies_kept
from jinzhou.org.models import Chain
from jinzhou.org.selectors import actor_for

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """The visitor's cases, split: ``key`` the part the tallies can serve (a ``Q`` valid on both
    ``Case`` and ``CaseTally``), ``rest`` and ``listed`` the other visible cases (``Case`` only):
    ``rest`` the ties by a column of the case (reporter, …; OR-ed), ``listed`` those by a list of
    case ids (co-handling, taking part; querysets of ``case_id``)."""

    visible: Q
    key: Q
    rest: Q
    narrow: Q  # the trends' picker (a chain, department or industry): on both models too
    # ``~key`` written positively as alternatives (the other chains by id; no chain), each an index range.
    not_key: tuple = (Q(),)
    found: dict = field(default_factory=dict, compare=False)  # what ``outside`` read, once
    listed: tuple = ()

    def cases(self) -> QuerySet:
        return Case.objects.filter(self.visible).filter(self.narrow)

    def live(self) -> list[QuerySet]:
        """The cases counted live, as querysets to add up: those outside the tallies, then the
        tallied ones visible outside the keys. Apart, each is read through its own index; as one OR
        PostgreSQL read every case (1.1 s at 1,000,000)."""
        parts = [Case.objects.filter(self.narrow).filter(LIVE & self.visible)]
        if self.rest is not NOTHING or self.listed:
            # The ids as one array parameter: as ``IN (%s, …)`` psycopg parsed a placeholder for each
            # of them (1,660 for a chain leader at 1,000,000 cases) in every query that used them.
            ids = self.outside()
            parts.append(Case.objects.filter(self.narrow).filter((pk_any(ids) if ids else NOTHING) & TALLIED))
        return parts

    def outside(self) -> list[int]:
        """The ids of the visible cases outside the key (of any state): read once per scope, in one
        query (a UNION; a few thousand ids), rather than once in every live count."""
        if "outside" not in self.found:
            arms = []
            ties = self.rest.children if self.rest.connector == Q.OR else [self.rest]
            for tie in [] if self.rest is NOTHING else ties:
                # One id list per tie and part of ``~key``: each read inside its own index
                # (``case_reporter_scope_idx``, …) without the rows.
                arms += [Case.objects.filter(Q(tie) & part) for part in self.not_key]
            not_key = NOTHING
            for part in self.not_key:
                not_key |= part
            # The rows of a list of ids, each read once by its id (as an OR of ``pk = ANY`` arms they
            # were read once per part of ``~key`` and again for the result: 37 ms, now 10 ms).
            arms += [Case.objects.filter(pk_any(ids) & not_key) for ids in self.listed]
            ids = [arm.order_by().values_list("pk", flat=True) for arm in arms]
            self.found["outside"] = list(ids[0].union(*ids[1:])) if ids else []
        return self.found["outside"]

    def tallies(self) -> QuerySet:
        return CaseTally.objects.filter(self.key).filter(self.narrow)


def scope_for(user, narrow: Q | None = None) -> Scope:
    """``visible_to(user)`` (``selectors.scope_q``) as key and rest."""
    actor = actor_for(user)
    visible = scope_q(user)
    narrow = narrow or Q()
    if actor.user_id is None:
        return Scope(visible, NOTHING, NOTHING, narrow)
    if actor.sees_everything:
        return Scope(visible, Q(), NOTHING, narrow)
    # The key as columns of the case itself (its chain among some chains, its department), so the
    # rest's exclusion of it is read inside the indexes on (tie, chain, department) without the rows.
    chains = NOTHING
    if actor.industry_ids:
        chains |= Q(industry_id__in=actor.industry_ids)
    if actor.department_id:
        chains |= Q(leader_department_id=actor.department_id)
    key, not_key = NOTHING, [Q()]
    if chains is not NOTHING:
        key = Q(chain_id__in=Chain.objects.filter(chains).values("pk"))
        # The other chains by id, and no chain: (tie, chain) ranges of the tie's index, not every row of the tie.
        not_key = [pk_any(Chain.objects.exclude(chains).order_by().values("pk"), "chain_id"), Q(chain_id__isnull=True)]
    if actor.department_id:
        not_key = [part & ~Q(responsible_department_id=actor.department_id) for part in not_key]
        key |= Q(responsible_department_id=actor.department_id)
    rest = Q(reporter_id=actor.user_id) | Q(responsible_person_id=actor.user_id) | Q(assigned_by_id=actor.user_id)
    listed = []
    if actor.department_id:
        listed.append(CoHandling.objects.filter(department_id=actor.department_id).values("case_id"))
    if actor.enterprise_id:
        rest |= Q(reporter_enterprise_id=actor.enterprise_id)
        listed.append(Case.enterprises.through.objects.filter(enterprise_id=actor.enterprise_id).values("case_id"))
    # The ids outside the keys do not depend on ``narrow``: read once per visitor and request.
    found = user.__dict__.setdefault("_dashboard_figures", {}) if hasattr(user, "__dict__") else {}
    return Scope(visible, key, rest, narrow, tuple(not_key), found, tuple(listed))


def everything() -> Scope:
    """Every case, as the assessment counts them (``Case.objects.all()``)."""
    return Scope(Q(), Q(), NOTHING, Q())


def usable(now: dt.datetime) -> bool:
    """Whether the tallies answer for ``now``: kept on this database, and nothing created or closed
    after ``now`` (the month of ``now`` is then whole as far as the tallies go). One query."""
    if not tallies_kept():
        return False
    return not Case.objects.filter(Q(created_at__gt=now) | Q(closed_at__gt=now)).exists()


# --- lights and rates ----------------------------------------------------------------------------
_LIGHT_GROUPS = ("chain", "responsible_department", "chain__industry")
_LIGHT_KEYS = (*reports.LIGHTS, "total")
RATE_KEYS = ("closed_with_deadline", "closed_on_time", "open_with_deadline", "open_overdue")
RateTables = tuple[list[reports.Rates], list[reports.Rates], reports.Rates]


def board(scope: Scope, now: dt.datetime, period=None, *, with_lights: bool = True) -> tuple[dict, RateTables]:
    """The light tables (``{"chain": rows, "responsible_department": rows, "chain__industry": rows,
    "totals": {…}}`` as ``reports.light_counts_by`` / ``light_totals`` give them) and the rate tables
    (``department_rates``, ``chain_rates``, ``total_rates``) of the scope: one live query and one of
    the tallies, a third for the edges of a range of days. ``with_lights=False``: the rates only
    (the light tables come back empty), one query's grouping lighter.

    The queries group by ids only (and the light, computed once per row as a grouping key rather
    than once in each light's count); the names of the few chains, industries and departments are
    filled in here. With the names' joins and four light expressions per row, the live query took
    65 ms at 1,000,000 cases."""
    names = _Names()
    keys = ("chain_id", "responsible_department_id", "rated_id")
    live = []
    for cases in scope.live():
        found = cases.with_light(now) if with_lights else cases
        found = found.annotate(rated_id=reports.rated_department_id()).order_by()
        found = found.values(*keys, "light") if with_lights else found.values(*keys)
        for row in found.annotate(n=Count("pk"), **reports._rate_counts(now, period)):
            light = row.pop("light", None)
            if light is not None:
                row[light], row["total"] = row["n"], row["n"]
            live.append(names.fill(row))
    span = months_of(period, now)
    in_months = Q() if span is None else Q(month__in=span.months)
    kept = (
        scope.tallies()
        .order_by()
        .values("chain_id", "responsible_department_id")
        .annotate(
            grey=Sum("closed"),
            closed_with_deadline=Sum("closed_with_deadline", filter=in_months, default=0),
            closed_on_time=Sum("closed_on_time", filter=in_months, default=0),
        )
        .filter(grey__gt=0)
    )
    closed = {"total": 0, "open_with_deadline": 0, "open_overdue": 0}
    rows = live
    for row in kept:  # closed cases: grey, and rated for their responsible department
        row.update(closed, total=row["grey"], rated_id=row["responsible_department_id"])
        rows.append(names.fill(row))
    edges = [names.fill(row) for row in _edges(scope, span)]
    return (_sum_lights(rows) if with_lights else {}), _sum_rates(rows + edges)


class _Names:
    """The names of the chains, their industries and the departments, read once (two queries of a
    few dozen rows) and put on the grouped rows by id."""

    def __init__(self) -> None:
        from jinzhou.org.models import Department

        chains = Chain.objects.values_list("pk", "name", "industry_id", "industry__name")
        self.chains = {pk: (name, industry) for pk, name, industry, _name in chains}
        self.industries = {industry: name for _pk, _chain, industry, name in chains}
        self.departments = dict(Department.objects.values_list("pk", "name"))

    def fill(self, row: dict) -> dict:
        chain, industry = self.chains.get(row["chain_id"], (None, None))
        row["chain__name"], row["chain__industry_id"] = chain, industry
        row["chain__industry__name"] = self.industries.get(industry)
        row["responsible_department__name"] = self.departments.get(row["responsible_department_id"])
        row["rated_name"] = self.departments.get(row["rated_id"])
        return row


def _edges(scope: Scope, span):
    """The tallied cases of the key closed in the partial months at a period's edges, counted live."""
    if span is None or not span.edges:
        return
    closed = NOTHING
    for start, end in span.edges:
        closed |= Q(closed_at__gte=start, closed_at__lt=end)
    edge = (
        Case.objects.filter(TALLIED & scope.key & scope.narrow & closed)
        .order_by()
        .values("responsible_department_id", "chain_id")
        .annotate(
            closed_with_deadline=Count("pk", filter=reports.CLOSED_WITH_DEADLINE),
            closed_on_time=Count("pk", filter=reports.CLOSED_ON_TIME),
        )
    )
    # Ids only, read from the covering ``case_closed_at_idx``.
    for row in edge:
        yield {
            **row,
            "rated_id": row["responsible_department_id"],
            "open_with_deadline": 0,
            "open_overdue": 0,
        }


def lights(scope: Scope, now: dt.datetime) -> dict:
    return board(scope, now)[0]


def rates(scope: Scope, now: dt.datetime, period=None) -> RateTables:
    return board(scope, now, period, with_lights=False)[1]


def _sum_lights(rows: list[dict]) -> dict:
    groups: dict[str, dict] = {group: {} for group in _LIGHT_GROUPS}
    totals = dict.fromkeys(_LIGHT_KEYS, 0)
    # About a thousand grouped rows at any size: each row's counts read once, then added three times.
    for row in rows:
        counts = [(light, n) for light in _LIGHT_KEYS if (n := row.get(light, 0))]
        for group, found in groups.items():
            key = row[f"{group}_id"]
            if (entry := found.get(key)) is None:
                entry = found[key] = {"id": key, "name": row[f"{group}__name"], **dict.fromkeys(_LIGHT_KEYS, 0)}
            for light, n in counts:
                entry[light] += n
        for light, n in counts:
            totals[light] += n
    result = {
        group: reports.worst_first(sorted(found.values(), key=lambda row: (row["name"] is None, row["name"] or "")))
        for group, found in groups.items()
    }
    result["totals"] = totals
    return result


@dataclass(frozen=True)
class Months:
    """The whole local months of a period (first days), and its partial edges as instants."""

    months: list[dt.date]
    edges: list[tuple[dt.datetime, dt.datetime]]


def months_of(period, now: dt.datetime | None = None) -> Months | None:
    """None for all time (every month); else the period's whole months and its edges. A period that
    ends after ``now`` (the year to date, say) holds the month of ``now`` whole: nothing is closed
    after ``now`` when the tallies are used (``usable``), so that month's tallies are its edge."""
    from jinzhou.casework.periods import midnight

    if period is None:
        return None
    first = period.first if period.first.day == 1 else _next_month(period.first)
    following = period.last + dt.timedelta(days=1)
    stop = following.replace(day=1)
    if now is not None and midnight(stop) <= now < period.end:
        following = stop = _next_month(stop)
    if first >= stop:  # no whole month inside: all of it is an edge
        return Months([], [(period.start, period.end)])
    months, day = [], first
    while day < stop:
        months.append(day)
        day = _next_month(day)
    edges = []
    if period.first != first:
        edges.append((period.start, midnight(first)))
    if following != stop:
        edges.append((midnight(stop), period.end))
    return Months(months, edges)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _sum_rates(rows: list[dict]) -> RateTables:
    departments: dict = {}
    chains: dict = {}
    total = dict.fromkeys(RATE_KEYS, 0)
    for row in rows:
        counts = {key: row[key] for key in RATE_KEYS}
        if row["responsible_department_id"] is not None:
            entry = departments.setdefault(row["rated_id"], [row["rated_name"], dict.fromkeys(RATE_KEYS, 0)])
            _add(entry[1], counts)
        entry = chains.setdefault(row["chain_id"], [row["chain__name"] or "", dict.fromkeys(RATE_KEYS, 0)])
        _add(entry[1], counts)
        _add(total, counts)

    def listed(found: dict) -> list[reports.Rates]:
        made = [reports.Rates(department_id=pk, department=name, **counts) for pk, (name, counts) in found.items()]
        # As the plain queries order them (by name; the row without a chain, named "", last as NULL sorts).
        return sorted(made, key=lambda row: (row.department_id is None, row.department))

    return listed(departments), listed(chains), reports.Rates(department_id=None, department="", **total)


def _add(into: dict, counts: dict) -> None:
    for key in RATE_KEYS:
        into[key] += counts[key]


# --- trends --------------------------------------------------------------------------------------
def trends(scope: Scope, now: dt.datetime, months: int) -> list:
    """``trends.monthly_trends`` of the scope: the live part by the plain query, the rest from the
    tallies of the same months. Two queries."""
    from jinzhou.casework import trends as plain

    parts = [plain.monthly_trends(cases, now=now, months=months) for cases in scope.live()]
    live = [
        plain.TrendMonth(first.year, first.month, *(sum(getattr(m, name) for m in same) for name in plain.SERIES))
        for first, *same in zip(parts[0], *parts, strict=True)
    ]
    firsts = [dt.date(month.year, month.month, 1) for month in live]
    kept = {
        row["month"]: row
        for row in scope.tallies()
        .filter(month__in=firsts)
        .order_by()
        .values("month")
        .annotate(
            opened=Sum("opened"),
            closed=Sum("closed"),
            closed_on_time=Sum("closed_on_time"),
            overdue_at_end=Sum("overdue_at_end"),
        )
    }
    result = []
    for month, first in zip(live, firsts, strict=True):
        row = kept.get(first, {})
        values = {name: getattr(month, name) + (row.get(name) or 0) for name in plain.SERIES}
        result.append(plain.TrendMonth(month.year, month.month, **values))
    return result
