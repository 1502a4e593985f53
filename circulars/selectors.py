"""The circular's figures (通报数据): per department and per chain, for a period and the one before it.

Every rate is ``casework.reports``' (``department_rates``, ``chain_rates``, ``total_rates``,
``rank_departments``, the overdue list's conditions of ``cases_behind``): the circular never has a
formula of its own, so its figures and the dashboard's agree on the same data (a test holds them).
Each table is one grouped query; the whole circular is a fixed number of queries whatever the number
of cases (``FIGURE_QUERIES``, asserted by a test). The result is plain JSON (``figures``), kept with a
saved circular so the figures a department was ranked by can be shown again after cases change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from circulars.sections import extra_sections
from jinzhou.casework.deadlines import working_days_between
from jinzhou.casework.models import Case, Escalation, TimelineEvent
from jinzhou.casework.periods import Period, previous_period
from jinzhou.casework.reports import (
    Rates,
    cases_behind,
    chain_rates,
    closed_in,
    department_rates,
    rank_departments,
    total_rates,
)
from jinzhou.org.selectors import actor_for, person_label, person_related

# The overdue list shows at most this many rows (as the dashboard's); its total is exact.
OVERDUE_LIMIT = 200
# The queries of ``circular_figures`` (the extra sections' own queries come on top), and on PostgreSQL
# the one that switches JIT compilation off for them (``_without_jit``).
FIGURE_QUERIES = 12


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _change(now: Decimal | None, before: Decimal | None) -> str | None:
    """The change of a rate in percentage points, signed ("+3.5", "-2.0"); None without both."""
    if now is None or before is None:
        return None
    return f"{now - before:+.1f}"


def _period_json(period: Period) -> dict:
    return {"code": period.code, "label": period.label, "first": str(period.first), "last": str(period.last)}


def _flow_counts(period: Period, previous: Period) -> dict:
    """Cases received (opened) and closed in the period and the previous one, as conditional counts."""
    return {
        "received": Count("pk", filter=Q(created_at__gte=period.start, created_at__lt=period.end)),
        "closed": Count("pk", filter=Q(is_open=False) & closed_in(period)),
        "prev_received": Count("pk", filter=Q(created_at__gte=previous.start, created_at__lt=previous.end)),
        "prev_closed": Count("pk", filter=Q(is_open=False) & closed_in(previous)),
    }


def _notice_counts(period: Period, previous: Period) -> dict:
    issued = Q(issued_at__gte=period.start, issued_at__lt=period.end)
    return {
        "notices_issued": Count("pk", filter=issued),
        "notices_acknowledged": Count("pk", filter=issued & Q(acknowledged_at__isnull=False)),
        "prev_notices_issued": Count("pk", filter=Q(issued_at__gte=previous.start, issued_at__lt=previous.end)),
    }


def _grouped(queryset: QuerySet, key: str, name: str, counts: dict) -> dict:
    rows = queryset.order_by().values(key, name).annotate(**counts)
    return {row[key]: row for row in rows}


def _rate_fields(rates: Rates | None) -> dict:
    if rates is None:
        return {
            "closed_with_deadline": 0,
            "closed_on_time": 0,
            "open_with_deadline": 0,
            "open_overdue": 0,
            "on_time_rate": None,
            "overdue_rate": None,
        }
    return {
        "closed_with_deadline": rates.closed_with_deadline,
        "closed_on_time": rates.closed_on_time,
        "open_with_deadline": rates.open_with_deadline,
        "open_overdue": rates.open_overdue,
        "on_time_rate": _text(rates.on_time_rate),
        "overdue_rate": _text(rates.overdue_rate),
    }


def _rows(ids, names, rates, prev_rates, flows, notices) -> list[dict]:
    """One JSON row per id: this period's counts and rates, and the previous period's to compare."""
    rows = []
    for key in ids:
        current, before = rates.get(key), prev_rates.get(key)
        flow, notice = flows.get(key, {}), notices.get(key, {})
        on_time = current.on_time_rate if current else None
        prev_on_time = before.on_time_rate if before else None
        rows.append(
            {
                "id": key,
                "name": names.get(key) or "",
                "received": flow.get("received", 0),
                "closed": flow.get("closed", 0),
                **_rate_fields(current),
                "notices_issued": notice.get("notices_issued", 0),
                "notices_acknowledged": notice.get("notices_acknowledged", 0),
                "previous": {
                    "received": flow.get("prev_received", 0),
                    "closed": flow.get("prev_closed", 0),
                    "closed_on_time": before.closed_on_time if before else 0,
                    "closed_with_deadline": before.closed_with_deadline if before else 0,
                    "on_time_rate": _text(prev_on_time),
                    "notices_issued": notice.get("prev_notices_issued", 0),
                },
                "on_time_rate_change": _change(on_time, prev_on_time),
            }
        )
    return rows


def _by_department(cases, notices, now, period, previous) -> tuple[list[dict], list[Rates]]:
    rates = {row.department_id: row for row in department_rates(cases, now=now, period=period)}
    prev_rates = {row.department_id: row for row in department_rates(cases, now=now, period=previous)}
    flows = _grouped(
        cases.filter(responsible_department__isnull=False),
        "responsible_department_id",
        "responsible_department__name",
        _flow_counts(period, previous),
    )
    issued = _grouped(
        notices.filter(case__responsible_department__isnull=False),
        "case__responsible_department_id",
        "case__responsible_department__name",
        _notice_counts(period, previous),
    )
    names = {key: row.department for key, row in {**prev_rates, **rates}.items()}
    names |= {key: row["responsible_department__name"] for key, row in flows.items()}
    names |= {key: row["case__responsible_department__name"] for key, row in issued.items() if key not in names}
    ids = sorted(names, key=lambda key: names[key] or "")
    return _rows(ids, names, rates, prev_rates, flows, issued), list(rates.values())


def _by_chain(cases, notices, now, period, previous) -> list[dict]:
    rates = {row.department_id: row for row in chain_rates(cases, now=now, period=period)}
    prev_rates = {row.department_id: row for row in chain_rates(cases, now=now, period=previous)}
    flows = _grouped(cases, "chain_id", "chain__name", _flow_counts(period, previous))
    issued = _grouped(notices, "case__chain_id", "case__chain__name", _notice_counts(period, previous))
    names = {key: row.department for key, row in rates.items()}
    names |= {key: row["case__chain__name"] for key, row in issued.items() if key not in names}
    # Chains by name; the cases without a chain last (nobody's chain to answer for).
    ids = sorted(names, key=lambda key: (key is None, names[key] or ""))
    return _rows(ids, names, rates, prev_rates, flows, issued)


def _ranking(ranking, *, on_time: bool) -> dict:
    def entry(row, position=None) -> dict:
        return {
            "rank": position,
            "id": row.department_id,
            "name": row.department,
            "rate": _text(row.on_time_rate if on_time else row.overdue_rate),
            "base": row.closed_with_deadline if on_time else row.open_with_deadline,
        }

    return {
        "minimum": ranking.minimum,
        "ranked": [entry(row, position) for position, row in enumerate(ranking.ranked, start=1)],
        "unranked": [entry(row) for row in ranking.unranked],
    }


def overdue_rows(cases: QuerySet, *, now: dt.datetime, limit: int = OVERDUE_LIMIT) -> tuple[list[dict], int]:
    """The dashboard's overdue list (``cases_behind(overdue=True)``: open, ``due_at ≤ now``; longest
    overdue first), with the responsible person and the latest progress (the case's last timeline
    line), in two queries: the count and the rows."""
    overdue = cases_behind(cases, overdue=True, now=now)
    total = overdue.count()
    latest = TimelineEvent.objects.filter(case_id=OuterRef("pk")).order_by("-at", "-id")
    loaded = (
        overdue.select_related("responsible_department", "chain", *person_related("responsible_person"))
        .annotate(latest_summary=Subquery(latest.values("summary")[:1]), latest_at=Subquery(latest.values("at")[:1]))
        .order_by("due_at", "pk")[:limit]
    )
    today = timezone.localtime(now).date()
    rows = []
    for case in loaded:
        due = timezone.localtime(case.due_at).date()
        rows.append(
            {
                "id": case.pk,
                "reference": case.reference,
                "title": case.title,
                "department": case.responsible_department.name if case.responsible_department_id else "",
                "chain": case.chain.name if case.chain_id else "",
                "person": person_label(case.responsible_person) if case.responsible_person_id else "",
                "due_date": str(due),
                "working_days_overdue": working_days_between(due, today),
                "latest_progress": case.latest_summary or "",
                "latest_at": timezone.localtime(case.latest_at).strftime("%Y-%m-%d") if case.latest_at else "",
            }
        )
    return rows, total


def _totals(cases, flows_rows: list[dict], now, period, previous) -> dict:
    current = total_rates(cases, now=now, period=period)
    before = total_rates(cases, now=now, period=previous)
    # Every case is in exactly one chain row (the row without a chain included): their sum is the city's.
    summed = {key: sum(row[key] for row in flows_rows) for key in ("received", "closed", "notices_issued")}
    summed["notices_acknowledged"] = sum(row["notices_acknowledged"] for row in flows_rows)
    previous_sums = {key: sum(row["previous"][key] for row in flows_rows) for key in ("received", "closed")}
    previous_sums["notices_issued"] = sum(row["previous"]["notices_issued"] for row in flows_rows)
    return {
        **summed,
        **_rate_fields(current),
        "previous": {
            **previous_sums,
            "closed_on_time": before.closed_on_time,
            "closed_with_deadline": before.closed_with_deadline,
            "on_time_rate": _text(before.on_time_rate),
        },
        "on_time_rate_change": _change(current.on_time_rate, before.on_time_rate),
    }


def _without_jit() -> None:
    """PostgreSQL compiles a query with JIT when the planner's estimate is high, and the correlated
    subquery of ``handed_in_at`` makes the estimate of every rate query high: at 100,000 cases the
    compilation took ~1 s of a query that runs in ~0.2 s (docs/performance.md). Off for this
    transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic(savepoint=False)
def circular_figures(cases: QuerySet, period: Period, *, now: dt.datetime | None = None) -> dict:
    """Every figure of the circular over ``cases`` (the visitor's ``Case.objects.visible_to``), as
    JSON: the counts and rates of ``period`` and of the period before it (``previous_period``), the
    rankings, the overdue list "now". ``FIGURE_QUERIES`` queries (one more on PostgreSQL)."""
    _without_jit()
    now = now or timezone.now()
    previous = previous_period(period)
    notices = Escalation.objects.filter(case__in=cases)
    departments, rates = _by_department(cases, notices, now, period, previous)
    chains = _by_chain(cases, notices, now, period, previous)
    on_time, overdue_ranking = rank_departments(rates)
    overdue, overdue_total = overdue_rows(cases, now=now)
    return {
        "period": _period_json(period),
        "previous_period": _period_json(previous),
        "now": timezone.localtime(now).isoformat(timespec="seconds"),
        "departments": departments,
        "chains": chains,
        "totals": _totals(cases, chains, now, period, previous),
        "ranking": {
            "on_time": _ranking(on_time, on_time=True),
            "overdue": _ranking(overdue_ranking, on_time=False),
        },
        "overdue": {"total": overdue_total, "limit": OVERDUE_LIMIT, "rows": overdue},
        "extra_sections": [],
    }


def may_read_circulars(user) -> bool:
    """The office and the leading group (and superusers): those who see every case."""
    return bool(user and user.is_authenticated) and actor_for(user).sees_everything


def figures_for(user, period: Period, *, now: dt.datetime | None = None) -> dict:
    """The circular's figures for ``user`` (None: the command line, every case), with the extra
    sections (``circulars.sections``)."""
    now = now or timezone.now()
    cases = cases_for(user)
    figures = circular_figures(cases, period, now=now)
    figures["extra_sections"] = extra_sections(cases, period, now)
    return figures


def cases_for(user) -> QuerySet:
    """The cases a circular counts: those ``user`` may see (the office and the leading group: all);
    every case for the command line (no user)."""
    return Case.objects.all() if user is None else Case.objects.visible_to(user)
