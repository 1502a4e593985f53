"""Reads of the portal: compositions of the case engine's selectors and reports, never a second
scope rule. Every list of cases here starts from ``Case.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from jinzhou.casework.display import LIGHT_RANK
from jinzhou.casework.models import Case, Escalation, TimelineEvent
from jinzhou.casework.selectors import light_q, pk_any
from jinzhou.org.choices import Role
from jinzhou.org.selectors import Actor, actor_for
from jinzhou.portal import queues

# Who sees the leaders' dashboard: the city's decision makers and the office that serves them.
DASHBOARD_ROLES = {Role.LEADING_GROUP, Role.OFFICE, Role.TASK_FORCE_LEADER}


def may_see_dashboard(user) -> bool:
    actor = actor_for(user)
    return actor.is_superuser or bool(actor.roles & DASHBOARD_ROLES)


def may_report_bottleneck(user) -> bool:
    """Whether to offer the report form in the menu (``report_bottleneck`` decides for itself)."""
    return bool(actor_for(user).enterprise_id)


def my_todos(user, *, now: dt.datetime | None = None) -> QuerySet:
    """我的待办: the open cases, of every kind, that wait for ``user`` to act, most urgent first.

    Of the cases the user may see (``visible_to``), those in a section of ``portal.queues`` that
    waits for them: to acknowledge, in hand (as the responsible department or person, or as the
    reporter of a draft or a returned report), co-handling feedback owed, a supervision notice to
    acknowledge, a decision to take as the assigner or the office. What they submitted and what
    waits for someone else are not in it (``queues.SUBMITTED``; an enterprise follows the cases it
    reported on 我上报的, ``reported_cases``).
    """
    actor = actor_for(user)
    if actor.user_id is None:
        return Case.objects.none()
    return urgent_first(Case.objects.visible_to(user).open().filter(queues.waiting_for(actor)), actor, now)


def urgent_first(cases: QuerySet, actor: Actor, now: dt.datetime | None = None) -> QuerySet:
    """A list of cases as the portal shows it: with its light and whether a notice waits for the
    visitor, ordered red, yellow, green, then by deadline (earliest first), as the admin's lists."""
    return (
        with_kind_detail(cases.with_light(now or timezone.now()))
        .annotate(light_rank=LIGHT_RANK, notice_waiting=queues.notices_waiting_for(actor))
        .select_related("chain", "responsible_department", "reporter_enterprise")
        .order_by("light_rank", F("due_at").asc(nulls_last=True), "-id")
    )


class UrgentFirstRows:
    """A list ordered as ``urgent_first`` for a paginator, whose pages are read in one query that
    sorts only the ids: ``urgent_first`` over ``pk IN (the page's ids, sorted narrow)``. Sorting
    10,000 whole rows (3 kB each, with the joins) to keep 50 took ~150 ms at 100,000 cases; sorting
    their ids and deadlines takes a few. ``count`` is given (the section counts counted it)."""

    def __init__(self, cases: QuerySet, actor: Actor, count: int, now: dt.datetime | None = None) -> None:
        self.cases, self.actor, self.total = cases, actor, count
        self.now = now or timezone.now()

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice):
            raise TypeError("UrgentFirstRows is read a page (a slice) at a time")
        if index.stop is not None and index.stop <= (index.start or 0):
            return []
        order = ("light_rank", F("due_at").asc(nulls_last=True), "-id")
        ids = self.cases.with_light(self.now).annotate(light_rank=LIGHT_RANK).order_by(*order).values("pk")[index]
        # pk_any: with ``IN`` PostgreSQL sometimes merged the page's 50 ids with a scan of the whole
        # primary key (21 ms at 100,000 cases).
        return list(urgent_first(Case.objects.filter(pk_any(ids)), self.actor, self.now))


class OpenThenClosedRows:
    """A whole list (open and closed cases) ordered as ``urgent_first``, for a paginator, without
    sorting the closed cases: they all come last (grey), by deadline, which is the order of the
    lists' index (``case_list_order_idx``: open or not, deadline, id descending). A page reads the
    open cases' ids sorted narrow (a few thousand, whatever the table), then, if the page goes past
    them, the closed cases' ids straight from the index, then its rows through ``urgent_first``.
    Sorting every case to show 50 took ~600 ms at 100,000 cases; this reads a few thousand ids.

    ``count`` is exact when the list is filtered, the database's estimate for an unfiltered list of
    100,000 cases or more (``estimated``: the page says "about")."""

    def __init__(self, cases: QuerySet, actor: Actor, now: dt.datetime | None = None) -> None:
        from jinzhou.casework.pagination import list_count

        self.cases, self.actor = cases.order_by(), actor
        self.now = now or timezone.now()
        self.total, self.estimated = list_count(self.cases, 100_000)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.stop is None:
            raise TypeError("OpenThenClosedRows is read a page (a slice) at a time")
        start, stop = index.start or 0, index.stop
        if stop <= start:
            return []
        ranked = self.cases.filter(is_open=True).with_light(self.now).annotate(light_rank=LIGHT_RANK)
        order = ("light_rank", F("due_at").asc(nulls_last=True), "-id")
        opened = list(ranked.order_by(*order).values_list("pk", flat=True)[:stop])
        ids = opened[start:]
        if len(opened) < stop:  # every open case is read: the closed ones follow
            skip = max(0, start - len(opened))
            closed = self.cases.filter(is_open=False).order_by(F("due_at").asc(nulls_last=True), "-id")
            ids += list(closed.values_list("pk", flat=True)[skip : skip + stop - start - len(ids)])
        if not ids:
            return []
        return list(urgent_first(Case.objects.filter(pk__in=ids), self.actor, self.now))


def with_kind_detail(cases: QuerySet, *, per_row: bool = False) -> QuerySet:
    """A bottleneck's own kind (堵点, 断点, 卡脖子) on the rows of a list of cases, read in the list's
    query (``CaseQuerySet.with_kind_detail``), so each row names it as the case page does."""
    return cases.with_kind_detail(per_row=per_row)


def search_cases(cases: QuerySet, *, text="", chain=None, light="", kind="", now=None) -> QuerySet:
    """``cases`` narrowed by the list's search box (reference, title, an enterprise's name) and its
    filters (chain, light, kind); each empty value leaves the list as it is."""
    if text:
        named = Case.enterprises.through.objects.filter(case_id=OuterRef("pk"), enterprise__name__icontains=text)
        cases = cases.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(reporter_enterprise__name__icontains=text)
            | Exists(named)
        )
    if chain:
        cases = cases.filter(chain_id=getattr(chain, "pk", chain))
    if light:
        cases = cases.lit(light, now or timezone.now())
    if kind:
        cases = cases.filter(kind=kind)
    return cases


def cases_behind_number(user, *, behind: dict, filters: dict, now: dt.datetime | None = None) -> OpenThenClosedRows:
    """/portal/cases/: the cases behind one number of the leaders' dashboard (the same definition
    the number was counted by, ``casework.reports.cases_behind``), in the visitor's scope, narrowed by
    the list's search box, worst first (``urgent_first``, read a page at a time)."""
    from jinzhou.casework.reports import cases_behind

    now = now or timezone.now()
    cases = cases_behind(Case.objects.visible_to(user), now=now, **behind)
    return OpenThenClosedRows(search_cases(cases, now=now, **filters), actor_for(user), now)


def todo_cases(user, **filters) -> QuerySet:
    """The open cases ``user`` may see, narrowed by ``filters`` (``search_cases``): what the sections
    of 我的待办 are cut from (``queues.section_counts``, ``queues.queue``)."""
    return search_cases(Case.objects.visible_to(user).open(), **filters)


def reported_cases(user, *, closed: bool | None = None) -> QuerySet:
    """我上报的: every case the user's enterprise reported or takes part in, closed ones included
    (``closed`` True or False keeps only those), newest first, with the latest timeline event."""
    actor = actor_for(user)
    if not actor.enterprise_id:
        return Case.objects.none()
    takes_part = Case.enterprises.through.objects.filter(case_id=OuterRef("pk"), enterprise_id=actor.enterprise_id)
    cases = Case.objects.visible_to(user).filter(Q(reporter_enterprise_id=actor.enterprise_id) | Exists(takes_part))
    if closed is not None:
        cases = cases.filter(is_open=not closed)
    latest = TimelineEvent.objects.filter(case_id=OuterRef("pk")).order_by("-at", "-id")
    return (
        with_kind_detail(cases.with_light(timezone.now()))
        .annotate(latest_summary=Subquery(latest.values("summary")[:1]), latest_at=Subquery(latest.values("at")[:1]))
        .select_related("chain", "responsible_department")
        .order_by("-created_at", "-id")
    )


def watched_cases(user, *, now: dt.datetime | None = None) -> QuerySet:
    """我关注的 (leaders, task-force leaders): the red cases and those with a supervision notice not
    yet acknowledged, in the user's scope, worst first."""
    now = now or timezone.now()
    unacknowledged = Exists(Escalation.objects.filter(case_id=OuterRef("pk"), acknowledged_at__isnull=True))
    cases = Case.objects.visible_to(user).open()
    return (
        with_kind_detail(cases.filter(light_q("red", now) | Q(unacknowledged)).with_light(now), per_row=True)
        .annotate(light_rank=LIGHT_RANK, notice_open=unacknowledged)
        .select_related("chain", "responsible_department")
        .order_by("light_rank", F("due_at").asc(nulls_last=True), "-id")
    )


class WatchedRows:
    """我关注的 for a paginator (or the first few for the leaders' home), a page in two reads: its ids
    in the list's order, from the open cases' covering index alone, then those rows whole. In one read
    the sort fetched the row of every red case to keep a page (3,700 rows, 20 ms, at 1,000,000 cases).
    ``count`` is given where it is known (``watch_counts`` counted it)."""

    def __init__(self, user, count: int = 0, *, now: dt.datetime | None = None) -> None:
        self.cases, self.total = watched_cases(user, now=now), count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Case]:
        if not isinstance(index, slice):
            raise TypeError("WatchedRows is read a page (a slice) at a time")
        ids = list(self.cases.values_list("pk", flat=True)[index])
        rows = {case.pk: case for case in self.cases.filter(pk_any(ids))} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]


def watched_preview(user, count: int, *, now: dt.datetime | None = None) -> list[Case]:
    """The first ``count`` of 我关注的, worst first."""
    return WatchedRows(user, now=now)[:count]


def watch_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    """How many of 我关注的 are red and how many have a notice not acknowledged, in one query."""
    now = now or timezone.now()
    unacknowledged = Exists(Escalation.objects.filter(case_id=OuterRef("pk"), acknowledged_at__isnull=True))
    red = light_q("red", now)
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(red | Q(unacknowledged))
        .aggregate(total=Count("pk"), red=Count("pk", filter=red), notices=Count("pk", filter=Q(unacknowledged)))
    )


def may_watch(user) -> bool:
    """Whether to offer 我关注的: the leading group and task-force leaders."""
    actor = actor_for(user)
    return bool(actor.roles & {Role.LEADING_GROUP, Role.TASK_FORCE_LEADER})


def chain_cases(user, chain, *, now: dt.datetime | None = None) -> QuerySet:
    """The open cases of one chain that ``user`` may see, most urgent first."""
    return (
        with_kind_detail(Case.objects.visible_to(user).open().filter(chain=chain).with_light(now or timezone.now()))
        .annotate(light_rank=LIGHT_RANK)
        .select_related("chain", "responsible_department")
        .order_by("light_rank", F("due_at").asc(nulls_last=True), "-id")
    )


@dataclass
class SegmentColumn:
    code: str
    label: str
    nodes: list = field(default_factory=list)


def chain_map(chain) -> list[SegmentColumn]:
    """The chain's map: up, mid and downstream columns of nodes, each with its enterprises (the
    catalogue is public within the platform; no case is shown here)."""
    from jinzhou.org.choices import Segment

    columns = {code: SegmentColumn(code, label) for code, label in Segment.choices}
    for node in chain.nodes.prefetch_related("enterprises").order_by("order", "id"):
        columns[node.segment].nodes.append(node)
    return list(columns.values())


# --- the leaders' dashboard ------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label, counts by key (lights, or a single value) and an optional amount."""

    label: str
    values: dict
    total: int
    amount: object = None
    url: str = ""


def _kind_cases(user, kind: str):
    """The kind's model and its cases that ``user`` may see, or (None, None) if the kind is not there."""
    from jinzhou.casework.kinds import get_kind

    try:
        spec = get_kind(kind)
    except LookupError:
        return None, None
    return spec, spec.model.objects.filter(pk__in=Case.objects.visible_to(user).filter(kind=kind).values("pk"))


def by_status(user, kind: str, *, amount_field: str | None = None) -> list[Bar] | None:
    """Cases of one kind by status, in the workflow's order, with the sum of ``amount_field``;
    None when the kind is not installed (its dashboard section is then left out)."""
    from django.db.models import Count, Sum

    spec, cases = _kind_cases(user, kind)
    if spec is None:
        return None
    annotations = {"n": Count("pk")}
    if amount_field:
        annotations["amount"] = Sum(amount_field)
    rows = {row["status"]: row for row in cases.order_by().values("status").annotate(**annotations)}
    return [
        Bar(
            label=str(state.label),
            values={"n": rows.get(state.code, {}).get("n", 0)},
            total=rows.get(state.code, {}).get("n", 0),
            amount=rows.get(state.code, {}).get("amount"),
        )
        for state in spec.workflow.states
    ]


def alliance_tiers(user) -> tuple[int | None, list[Bar]] | None:
    """The latest year's final evaluation results by activity tier (活跃度); None without the app."""
    from django.db.models import Count, Max

    spec, cases = _kind_cases(user, "alliance_evaluation")
    if spec is None:
        return None
    final = cases.filter(result_final=True)
    year = final.aggregate(year=Max("year"))["year"]
    counts = dict(final.filter(year=year).order_by().values_list("tier").annotate(n=Count("pk")))
    tiers = spec.model._meta.get_field("tier").choices or []
    return year, [
        Bar(label=str(label), values={"n": counts.get(code, 0)}, total=counts.get(code, 0)) for code, label in tiers
    ]


def light_bars(rows: list[dict], *, none_label: str, url=None) -> list[Bar]:
    """``reports.light_counts_by`` rows as chart bars (open lights only; closed cases are not work)."""
    from jinzhou.casework.reports import LIGHTS

    bars = []
    for row in rows:
        values = {light: row[light] for light in LIGHTS}
        bars.append(
            Bar(
                label=row["name"] or none_label,
                values=values,
                total=row["total"],
                url=url(row) if url and row["id"] else "",
            )
        )
    return bars
