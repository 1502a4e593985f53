"""Targets against the records: each actual computed from the records (never typed), the progress in
percent and the time elapsed in the year (时序进度). The definitions are in docs/metrics.md ("Targets").

``target_progress(year, as_of=…)`` is the one reading, for the dashboards, the circular and the API.
Each family of indicators is one grouped query per kind of unit that has a target in it, so the cost
depends on the indicators asked for, never on the number of units (a test counts the queries).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from alliances.choices import Tier
from alliances.models import Alliance, AllianceEvaluation
from assessment.choices import CEILING_RATES, FLOOR_RATES, RATES, Indicator, UnitKind
from assessment.models import Target
from assessment.models.targets import UNIT_FIELDS
from jinzhou.casework.periods import Period, midnight
from jinzhou.casework.reports import city_department_rates, rate
from projects.models import Challenge, FundsReceipt, InvestmentActivity, InvestmentProject

ZERO = Decimal("0")
ACTIVITY = (Indicator.ACTIVITIES, Indicator.ENTERPRISES_MET)
PROJECT_STAGES = {
    Indicator.PROJECTS_SIGNED: "signed_on",
    Indicator.SIGNED_AMOUNT: "signed_on",
    Indicator.PROJECTS_STARTED: "started_on",
    Indicator.PROJECTS_PRODUCING: "producing_on",
}
CHALLENGE_DATES = {Indicator.CHALLENGES_PUBLISHED: "window_opens_on", Indicator.CHALLENGES_AWARDED: "contract_start"}
QUALIFIED_TIERS = (Tier.HIGH, Tier.FAIRLY_HIGH, Tier.AVERAGE)
# The field naming a record's unit, per family and kind of unit (None: the family has no such unit).
UNIT_PATHS = {
    "activity": {UnitKind.DEPARTMENT: "department", UnitKind.CHAIN: "chains"},
    "project": {UnitKind.DEPARTMENT: "responsible_department", UnitKind.PARK: "park", UnitKind.CHAIN: "chain"},
    "funds": {
        UnitKind.DEPARTMENT: "project__responsible_department",
        UnitKind.PARK: "project__park",
        UnitKind.CHAIN: "project__chain",
    },
    "challenge": {UnitKind.DEPARTMENT: "responsible_department", UnitKind.CHAIN: "chain"},
    "alliance": {UnitKind.DEPARTMENT: "responsible_department", UnitKind.CHAIN: "industry_chain"},
    "evaluation": {UnitKind.DEPARTMENT: "alliance__responsible_department", UnitKind.CHAIN: "alliance__industry_chain"},
}


def schedule_percent(year: int, as_of: dt.date) -> Decimal:
    """时序进度: calendar days of ``year`` elapsed by the end of ``as_of`` ÷ days in the year, in percent."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < first:
        return Decimal("0.0")
    elapsed = (min(as_of, last) - first).days + 1
    return rate(elapsed, (last - first).days + 1)


@dataclass(frozen=True)
class Progress:
    target: Target
    actual: Decimal | None
    percent: Decimal | None  # actual ÷ target, for the counts and sums; None for a rate or a zero target
    schedule: Decimal  # 时序进度
    admin_url: str
    portal_url: str

    @property
    def indicator(self) -> str:
        return self.target.indicator

    @property
    def is_rate(self) -> bool:
        return self.target.indicator in RATES

    @property
    def met(self) -> bool:
        """The target reached: a count or sum at or above it; a floor rate at or above, a ceiling at or below."""
        if self.actual is None:
            return False
        if self.target.indicator in CEILING_RATES:
            return self.actual <= self.target.value
        return self.actual >= self.target.value

    @property
    def behind(self) -> bool:
        """Behind schedule: a rate not met today; a count or sum below the share of the year elapsed."""
        if self.actual is None:
            return False
        if self.is_rate:
            return not self.met
        return not self.met and (self.percent if self.percent is not None else ZERO) < self.schedule

    @property
    def gap(self) -> Decimal:
        """Points ahead (+) or behind (−) the schedule; for a rate, how far it is on the right side of the line."""
        if self.actual is None:
            return ZERO
        if self.target.indicator in FLOOR_RATES:
            return self.actual - self.target.value
        if self.target.indicator in CEILING_RATES:
            return self.target.value - self.actual
        return (self.percent if self.percent is not None else Decimal(100)) - self.schedule


def _unit_key(target: Target) -> tuple[str, int]:
    kind = target.unit_kind
    return kind, getattr(target, f"{UNIT_FIELDS[kind]}_id")


def _grouped(queryset: QuerySet, path: str, ids: set[int], aggregates: dict) -> dict[int, dict]:
    rows = queryset.filter(**{f"{path}__in": ids}).order_by().values(path).annotate(**aggregates)
    return {row[path]: row for row in rows}


def _family(wanted: dict[str, set[int]], family: str, queryset: QuerySet, aggregates: dict) -> dict:
    """{(unit kind, unit id): the aggregates} for the kinds of unit that have a target in the family."""
    found = {}
    for kind, ids in wanted.items():
        path = UNIT_PATHS[family].get(kind)
        if path and ids:
            for unit_id, row in _grouped(queryset, path, ids, aggregates).items():
                found[kind, unit_id] = row
    return found


def _actuals(targets: list[Target], year: int, as_of: dt.date) -> dict[tuple[str, int, str], Decimal | None]:
    first = dt.date(year, 1, 1)
    days = (first, as_of)
    by_indicator: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for target in targets:
        kind, unit_id = _unit_key(target)
        by_indicator[target.indicator][kind].add(unit_id)

    def wanted(indicators) -> dict[str, set[int]]:
        merged: dict[str, set[int]] = defaultdict(set)
        for indicator in indicators:
            for kind, ids in by_indicator.get(indicator, {}).items():
                merged[kind] |= ids
        return merged

    values: dict[tuple[str, int, str], Decimal | None] = {}

    def put(found: dict, mapping: dict[str, str]) -> None:
        for (kind, unit_id), row in found.items():
            for indicator, key in mapping.items():
                values[kind, unit_id, indicator] = Decimal(row[key] or 0)

    if units := wanted(ACTIVITY):
        activities = InvestmentActivity.objects.filter(date__range=days)
        aggregates = {"batches": Count("pk", distinct=True), "met": Count("enterprises", distinct=True)}
        put(_family(units, "activity", activities, aggregates), {"activities": "batches", "enterprises_met": "met"})
    if units := wanted(PROJECT_STAGES):
        aggregates = {
            indicator: Count("pk", filter=Q(**{f"{field}__range": days})) for indicator, field in PROJECT_STAGES.items()
        }
        aggregates[Indicator.SIGNED_AMOUNT] = Sum("amount_yi", filter=Q(signed_on__range=days))
        found = _family(units, "project", InvestmentProject.objects.all(), aggregates)
        put(found, {indicator: indicator for indicator in PROJECT_STAGES})
    if units := wanted([Indicator.FUNDS_RECEIVED]):
        funds = FundsReceipt.objects.filter(date__range=days)
        put(_family(units, "funds", funds, {"amount": Sum("amount_yi")}), {Indicator.FUNDS_RECEIVED: "amount"})
    if units := wanted(CHALLENGE_DATES):
        aggregates = {
            indicator: Count("pk", filter=Q(**{f"{field}__range": days}))
            for indicator, field in CHALLENGE_DATES.items()
        }
        put(_family(units, "challenge", Challenge.objects.all(), aggregates), {i: i for i in CHALLENGE_DATES})
    if units := wanted([Indicator.ALLIANCES]):
        approved = Alliance.objects.filter(approved_on__range=days)
        put(_family(units, "alliance", approved, {"n": Count("pk")}), {Indicator.ALLIANCES: "n"})
    if units := wanted([Indicator.ALLIANCES_QUALIFIED]):
        qualified = AllianceEvaluation.objects.filter(year=year, result_final=True, tier__in=QUALIFIED_TIERS)
        put(_family(units, "evaluation", qualified, {"n": Count("pk")}), {Indicator.ALLIANCES_QUALIFIED: "n"})
    if wanted(RATES).get(UnitKind.DEPARTMENT):
        for row in city_department_rates(now=end_of(as_of), period=year_period(year, as_of)):
            values[UnitKind.DEPARTMENT, row.department_id, Indicator.ON_TIME_RATE] = row.on_time_rate
            values[UnitKind.DEPARTMENT, row.department_id, Indicator.OVERDUE_RATE] = row.overdue_rate
    return values


def end_of(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` (local time): the records of the whole day count."""
    return midnight(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)


def year_period(year: int, as_of: dt.date) -> Period:
    first = dt.date(year, 1, 1)
    last = min(as_of, dt.date(year, 12, 31))
    return Period(f"{first}..{last}", f"{first} – {last}", first, last)


def targets_of(year: int, units=None) -> QuerySet:
    targets = Target.objects.filter(year=year).select_related("department", "park", "chain")
    if units is not None:
        q = Q(pk__in=[])
        for unit in units:
            field = {"Department": "department", "Park": "park", "Chain": "chain"}[type(unit).__name__]
            q |= Q(**{f"{field}_id": unit.pk})
        targets = targets.filter(q)
    return targets


def target_progress(year: int, *, as_of: dt.date, units=None) -> list[Progress]:
    """Every target of ``year`` (of ``units``: departments, parks or chains; None for all) with its actual
    from the records up to and including ``as_of``, behind schedule first (furthest behind first)."""
    targets = list(targets_of(year, units))
    actuals = _actuals(targets, year, as_of) if targets else {}
    schedule = schedule_percent(year, as_of)
    rows = []
    for target in targets:
        kind, unit_id = _unit_key(target)
        actual = actuals.get((kind, unit_id, target.indicator))
        if actual is None and target.indicator not in RATES and _applies(target):
            actual = ZERO
        percent = None if target.indicator in RATES or actual is None else rate(actual, target.value)
        rows.append(
            Progress(
                target=target,
                actual=actual,
                percent=percent,
                schedule=schedule,
                admin_url=admin_records_url(target, as_of),
                portal_url=portal_records_url(target, as_of),
            )
        )
    order = list(Indicator.values)
    rows.sort(key=lambda row: (not row.behind, row.gap, str(row.target.unit), order.index(row.indicator)))
    return rows


def _applies(target: Target) -> bool:
    """Whether the records can count this indicator for this kind of unit (a park holds no activities)."""
    family = _family_of(target.indicator)
    return family is not None and target.unit_kind in UNIT_PATHS[family]


def _family_of(indicator: str) -> str | None:
    if indicator in ACTIVITY:
        return "activity"
    if indicator in PROJECT_STAGES:
        return "project"
    return {
        Indicator.FUNDS_RECEIVED: "funds",
        Indicator.CHALLENGES_PUBLISHED: "challenge",
        Indicator.CHALLENGES_AWARDED: "challenge",
        Indicator.ALLIANCES: "alliance",
        Indicator.ALLIANCES_QUALIFIED: "evaluation",
    }.get(indicator)


def table_context(year: int, as_of: dt.date, *, portal: bool = False, limit: int | None = None) -> dict:
    """What ``assessment/progress_table.html`` draws: (progress, the URL of its records) per row."""
    rows = target_progress(year, as_of=as_of)
    return {
        "year": year,
        "as_of": as_of,
        "schedule": schedule_percent(year, as_of),
        "rows": [(row, row.portal_url if portal else row.admin_url) for row in rows[:limit]],
        "total": len(rows),
    }


# --- the records behind an actual ----------------------------------------------------------------------
LISTS = {
    "activity": ("admin:projects_investmentactivity_changelist", "date"),
    "project": ("admin:projects_investmentproject_changelist", None),
    "funds": ("admin:projects_fundsreceipt_changelist", "date"),
    "challenge": ("admin:projects_challenge_changelist", None),
    "alliance": ("admin:alliances_alliance_changelist", "approved_on"),
    "evaluation": ("admin:alliances_allianceevaluation_changelist", None),
}


def _url(name: str, params: dict) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def admin_records_url(target: Target, as_of: dt.date) -> str:
    """The admin's list of exactly the records counted (the list's own lookups), or "" for none."""
    kind, unit_id = _unit_key(target)
    first = dt.date(target.year, 1, 1)
    if target.indicator in RATES:
        if kind != UnitKind.DEPARTMENT:
            return ""
        params = {"rated": unit_id}
        if target.indicator == Indicator.OVERDUE_RATE:
            params["overdue"] = "yes"
        else:
            params["closed"] = year_period(target.year, as_of).code
        return _url("admin:casework_case_changelist", params)
    family = _family_of(target.indicator)
    path = UNIT_PATHS[family].get(kind)
    if path is None:
        return ""
    name, date_field = LISTS[family]
    date_field = PROJECT_STAGES.get(target.indicator) or CHALLENGE_DATES.get(target.indicator) or date_field
    params = {f"{path}__id__exact": unit_id}
    if date_field:
        params |= {f"{date_field}__gte": first.isoformat(), f"{date_field}__lte": as_of.isoformat()}
    if family == "evaluation":
        params |= {"year": target.year, "result_final__exact": 1, "tier__in": ",".join(QUALIFIED_TIERS)}
    return _url(name, params)


def portal_records_url(target: Target, as_of: dt.date) -> str:
    """The leaders' list behind a rate (/portal/cases/); the other records are the office's admin lists."""
    kind, unit_id = _unit_key(target)
    if target.indicator not in RATES or kind != UnitKind.DEPARTMENT:
        return admin_records_url(target, as_of)
    if target.indicator == Indicator.OVERDUE_RATE:
        return _url("portal:cases", {"rated": unit_id, "overdue": 1})
    return _url("portal:cases", {"rated": unit_id, "closed": year_period(target.year, as_of).code})
