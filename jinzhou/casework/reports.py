"""The dashboard's figures: lights per chain and per department, the overdue list, and the
on-time closure rate (按期办结率) and overdue rate (逾期率) per department.

Every figure is a grouped SQL query with conditional ``Count`` over the cases the visitor may see
(``Case.objects.visible_to``), so the cost does not depend on loading cases into Python. The exact
definitions are in docs/metrics.md; change both together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case as SqlCase
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from jinzhou.casework.choices import EventKind, ExtensionStatus, Light
from jinzhou.casework.deadlines import working_days_between
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.models import Case, Extension, TimelineEvent
from jinzhou.org.choices import DepartmentKind
from jinzhou.org.models import Department

LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY)

# The conditions of the rates, shared by the per-department rows and the total row.
CLOSED_WITH_DEADLINE = Q(is_open=False, closed_at__isnull=False, original_due_at__isnull=False)
# On time when the department handed its work in by the original deadline: the time the case then
# waited for the office's decision is not the department's (``Case.handed_in_at``, stored; the closing
# time for a case that never waited; see docs/metrics.md).
CLOSED_ON_TIME = CLOSED_WITH_DEADLINE & (
    Q(handed_in_at__lte=F("original_due_at")) | Q(handed_in_at__isnull=True, closed_at__lte=F("original_due_at"))
)
OPEN_WITH_DEADLINE = Q(is_open=True, due_at__isnull=False)


def _waiting_states_q() -> Q:
    """Cases in a state that waits for the office's (or the assigner's) decision, of every kind
    (``Workflow.waiting_states``)."""
    q = Q(pk__in=[])
    for spec in all_kinds():
        states = spec.workflow.waiting_states
        if states:
            q |= Q(kind=spec.code, status__in=states)
    return q


def waiting_for_office() -> Q:
    """Open cases waiting for the office's decision: a handed-in resolution or result, or an
    extension request not yet decided. The rates count them against the office."""
    # ``pk IN`` a subquery of its own, not a correlated EXISTS: PostgreSQL reads the pending requests
    # once into a hash instead of probing the extensions once per case (every case, on a dashboard).
    pending = Q(pk__in=Extension.objects.filter(status=ExtensionStatus.PENDING).values("case_id"))
    return Q(is_open=True) & (_waiting_states_q() | pending)


def handed_in_at_from_timeline():
    """When the department last handed the case in for the office's decision before it was closed
    (the last step into a waiting state); the closing time for a case that never waited. Read from
    the timeline, one subquery per case: the definition ``Case.handed_in_at`` stores (a test checks
    that the two agree; ``casework.tallies.fill_handed_in_at`` fills the column the same way)."""
    hand_ins = TimelineEvent.objects.filter(
        case_id=OuterRef("pk"), kind=EventKind.TRANSITION, at__lte=OuterRef("closed_at")
    ).filter(_to_waiting())
    last = hand_ins.order_by().values("case_id").annotate(last=Max("at")).values("last")
    return Coalesce(Subquery(last), F("closed_at"))


def _to_waiting() -> Q:
    q = Q(pk__in=[])
    for spec in all_kinds():
        if spec.workflow.waiting_states:
            q |= Q(case__kind=spec.code, to_status__in=spec.workflow.waiting_states)
    return q


def _office(field: str):
    """The leading-group office's ``field`` (its id or name), as a subquery: no query of its own."""
    return Subquery(Department.objects.filter(kind=DepartmentKind.OFFICE).order_by("pk").values(field)[:1])


def rated_department_id():
    """The department a case's rates count for: the office while it waits for the office's decision,
    else its responsible department (docs/metrics.md, "Which cases count")."""
    return SqlCase(When(waiting_for_office(), then=_office("pk")), default=F("responsible_department_id"))


def _open_overdue(now: dt.datetime) -> Q:
    return Q(is_open=True, due_at__lte=now)


def _light_counts() -> dict:
    counts = {light.value: Count("pk", filter=Q(light=light)) for light in LIGHTS}
    counts["total"] = Count("pk")
    return counts


def light_counts_by(cases: QuerySet, group: str, *, now: dt.datetime | None = None) -> list[dict]:
    """Rows of ``{"id", "name", "red", "yellow", "green", "grey", "total"}`` per value of ``group``
    (``"chain"`` or ``"responsible_department"``); cases without one form a row with ``id=None``."""
    rows = (
        cases.with_light(now or timezone.now())
        .order_by()
        .values(f"{group}_id", f"{group}__name")
        .annotate(**_light_counts())
        .order_by(f"{group}__name")
    )
    return worst_first(
        [
            {
                "id": row[f"{group}_id"],
                "name": row[f"{group}__name"],
                **{key: row[key] for key in (*LIGHTS, "total")},
            }
            for row in rows
        ]
    )


def worst_first(rows: list[dict]) -> list[dict]:
    """Rows ordered by red (most first), then yellow, then name; the row without a chain or
    department ("—", not yet assigned) last whatever its counts: it is nobody's to answer for."""
    return sorted(rows, key=lambda row: (row["id"] is None, -row["red"], -row["yellow"], row["name"] or ""))


ALL = "all"  # ``cases_behind(closed=ALL)``: closed at any time
NONE = "none"  # the value that picks the row without a chain or department in ``cases_behind``


def cases_behind(
    cases: QuerySet,
    *,
    chain=None,
    department=None,
    industry=None,
    rated=None,
    light: str = "",
    overdue: bool = False,
    closed=None,
    on_time: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet:
    """The cases behind one number of the dashboard: the dashboards link each number to this list
    (the admin's filters and the portal's /portal/cases/ both call it), and the numbers are counted
    by the same conditions (``light_counts_by``, ``overdue_cases``), so a count and its list agree.

    ``chain``, ``department`` (responsible) and ``industry`` take an id, or ``NONE`` for the cases
    without one; ``rated`` a department's id as the rates count it (``rated_department_id``: the
    office for a case waiting for its decision); ``light`` a light; ``overdue`` keeps open cases past
    their deadline; ``closed`` (a period, or ``ALL`` for all time) keeps the closed cases the on-time
    rate divides by, and with ``on_time`` those it counts as on time."""
    now = now or timezone.now()
    if rated:
        cases = cases.filter(responsible_department__isnull=False).alias(rated_id=rated_department_id())
        cases = cases.filter(rated_id=rated)
    for field, value in (("chain", chain), ("responsible_department", department), ("chain__industry", industry)):
        if value == NONE:
            cases = cases.filter(**{f"{field}__isnull": True})
        elif value:
            cases = cases.filter(**{f"{field}_id": value})
    if light:
        cases = cases.lit(light, now)
    if overdue:
        cases = cases.filter(_open_overdue(now))
    if closed is not None:
        # The rates' closed cases: ``closed`` is a period, or ALL for all time (``_rate_counts``).
        period = None if closed == ALL else closed
        if on_time:
            cases = cases.filter(CLOSED_ON_TIME & closed_in(period))
        else:
            cases = cases.filter(CLOSED_WITH_DEADLINE & closed_in(period))
    return cases


def light_totals(cases: QuerySet, *, now: dt.datetime | None = None) -> dict:
    return cases.with_light(now or timezone.now()).order_by().aggregate(**_light_counts())


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal (half up), or None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rates:
    department_id: int | None
    department: str
    closed_with_deadline: int
    closed_on_time: int
    open_with_deadline: int
    open_overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        """按期办结率: closed by the ORIGINAL deadline ÷ closed cases that had a deadline."""
        return rate(self.closed_on_time, self.closed_with_deadline)

    @property
    def overdue_rate(self) -> Decimal | None:
        """逾期率: open cases past their current deadline ÷ open cases with a deadline."""
        return rate(self.open_overdue, self.open_with_deadline)


def closed_in(period) -> Q:
    """Closed within ``period`` (a ``casework.periods.Period``; None for all time)."""
    if period is None:
        return Q()
    return Q(closed_at__gte=period.start, closed_at__lt=period.end)


def _rate_counts(now: dt.datetime, period=None) -> dict:
    # The on-time rate follows the period (cases closed in it); the overdue rate is "now", like the
    # lights: what is late today (docs/metrics.md, "The period").
    return {
        "closed_with_deadline": Count("pk", filter=closed_in(period) & CLOSED_WITH_DEADLINE),
        "closed_on_time": Count("pk", filter=closed_in(period) & CLOSED_ON_TIME),
        "open_with_deadline": Count("pk", filter=OPEN_WITH_DEADLINE),
        "open_overdue": Count("pk", filter=_open_overdue(now)),
    }


def department_rates(cases: QuerySet, *, now: dt.datetime | None = None, period=None) -> list[Rates]:
    """One row per department with at least one case in ``cases``: the responsible department, or
    the leading-group office for an open case waiting for its decision (``waiting_for_office``)."""
    now = now or timezone.now()
    waiting = waiting_for_office()
    rows = (
        cases.filter(responsible_department__isnull=False)
        .annotate(
            rated_id=rated_department_id(),
            rated_name=SqlCase(When(waiting, then=_office("name")), default=F("responsible_department__name")),
        )
        .order_by()
        .values("rated_id", "rated_name")
        .annotate(**_rate_counts(now, period))
        .order_by("rated_name")
    )
    return [
        Rates(
            department_id=row["rated_id"],
            department=row["rated_name"],
            **{key: row[key] for key in _rate_counts(now)},
        )
        for row in rows
    ]


def city_department_rates(*, now: dt.datetime | None = None, period=None) -> list[Rates]:
    """``department_rates`` of every case (the assessment's and the targets' figures): from the kept
    tallies where they answer (``casework.figures``), else by the plain query; the same rows."""
    from jinzhou.casework import figures

    now = now or timezone.now()
    if figures.usable(now):
        return figures.rates(figures.everything(), now, period)[0]
    return department_rates(Case.objects.all(), now=now, period=period)


@dataclass(frozen=True)
class Ranking:
    """Departments ranked by one rate, best first, and apart (alphabetically) those with too few
    cases for the rate to mean anything: 1 case of 1 closed on time is not a 100 % to rank above
    53 of 69."""

    ranked: list[Rates]
    unranked: list[Rates]
    minimum: int


def rank_departments(rates: list[Rates], *, minimum: int | None = None) -> tuple[Ranking, Ranking]:
    """(on-time ranking, highest first; overdue ranking, lowest first). A department is ranked by a
    rate when that rate counts at least ``minimum`` cases with a deadline (``RANKING_MIN_CASES``,
    default 5); a department without the figure at all ("—") is in neither."""
    from django.conf import settings

    minimum = settings.RANKING_MIN_CASES if minimum is None else minimum

    def ranking(base: str, rate_of, best_first) -> Ranking:
        rows = [row for row in rates if rate_of(row) is not None]
        enough = [row for row in rows if getattr(row, base) >= minimum]
        return Ranking(
            ranked=sorted(enough, key=lambda row: (best_first(rate_of(row)), row.department)),
            unranked=sorted((row for row in rows if getattr(row, base) < minimum), key=lambda row: row.department),
            minimum=minimum,
        )

    on_time = ranking("closed_with_deadline", lambda row: row.on_time_rate, lambda value: -value)
    overdue = ranking("open_with_deadline", lambda row: row.overdue_rate, lambda value: value)
    return on_time, overdue


def chain_rates(cases: QuerySet, *, now: dt.datetime | None = None, period=None) -> list[Rates]:
    """The same rates (``_rate_counts``) per chain, for the circular's table by chain; the cases
    without a chain form a row with ``department_id=None`` (the field holds the chain's id here)."""
    now = now or timezone.now()
    rows = (
        cases.order_by().values("chain_id", "chain__name").annotate(**_rate_counts(now, period)).order_by("chain__name")
    )
    return [
        Rates(
            department_id=row["chain_id"], department=row["chain__name"] or "", **{k: row[k] for k in _rate_counts(now)}
        )
        for row in rows
    ]


def total_rates(cases: QuerySet, *, now: dt.datetime | None = None, period=None) -> Rates:
    """The same rates over all of ``cases`` (including those without a responsible department)."""
    counts = _rate_counts(now or timezone.now(), period)
    totals = cases.order_by().aggregate(**counts)
    return Rates(department_id=None, department="", **totals)


@dataclass(frozen=True)
class OverdueRow:
    case: Case
    due_date: dt.date
    working_days_overdue: int


OVERDUE_LISTED = 200  # the admin dashboard's overdue list; the portal's shows fewer (its OVERDUE_SHOWN)


def overdue_cases(
    cases: QuerySet, *, now: dt.datetime | None = None, limit: int = OVERDUE_LISTED
) -> tuple[list[OverdueRow], int]:
    """Open cases past their (current) deadline, longest overdue first, and how many there are in all.

    ``limit`` caps the rows loaded for display; the count is exact."""
    now = now or timezone.now()
    overdue = cases.filter(_open_overdue(now))
    total = overdue.count()
    today = timezone.localtime(now).date()
    rows = []
    # The loop only formats the (capped) rows on display; every figure is counted in SQL above.
    for case in overdue.select_related("responsible_department").order_by("due_at", "pk")[:limit]:
        due_date = timezone.localtime(case.due_at).date()
        rows.append(OverdueRow(case, due_date, working_days_between(due_date, today)))
    return rows, total


@dataclass(frozen=True)
class Dashboard:
    now: dt.datetime
    by_chain: list[dict]
    by_department: list[dict]
    light_totals: dict
    rates: list[Rates]
    total_rates: Rates
    overdue: list[OverdueRow]
    overdue_total: int
    period: object = None
    by_industry: list[dict] | None = None


def dashboard_for(
    user, *, now: dt.datetime | None = None, period=None, overdue_limit: int = OVERDUE_LISTED
) -> Dashboard:
    """Everything the dashboard page shows, for the cases ``user`` may see; the rates over
    ``period`` (a ``casework.periods.Period``, None for all time), the lights and the list now (its
    ``overdue_limit`` longest overdue: the portal shows 20, the admin 200).

    From the kept tallies plus live counts (``casework.figures``) where the database keeps them;
    else, or when asked about a past ``now``, by the plain queries below (the same figures)."""
    from jinzhou.casework import figures

    now = now or timezone.now()
    cases = Case.objects.visible_to(user)
    overdue, overdue_total = overdue_cases(cases, now=now, limit=overdue_limit)
    if figures.usable(now):
        lights, (rates, _chains, totals) = figures.board(figures.scope_for(user), now, period)
        return Dashboard(
            now=now,
            by_chain=lights["chain"],
            by_department=lights["responsible_department"],
            light_totals=lights["totals"],
            rates=rates,
            total_rates=totals,
            overdue=overdue,
            overdue_total=overdue_total,
            period=period,
            by_industry=lights["chain__industry"],
        )
    return Dashboard(
        now=now,
        by_chain=light_counts_by(cases, "chain", now=now),
        by_department=light_counts_by(cases, "responsible_department", now=now),
        light_totals=light_totals(cases, now=now),
        rates=department_rates(cases, now=now, period=period),
        total_rates=total_rates(cases, now=now, period=period),
        overdue=overdue,
        overdue_total=overdue_total,
        period=period,
        by_industry=light_counts_by(cases, "chain__industry", now=now),
    )
