"""Reads of the portal: compositions of the case engine's selectors and reports, never a second
scope rule. Every list of cases here starts from ``Case.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from jinzhou.casework.choices import CoHandlingStatus, EscalationTarget, ExtensionStatus
from jinzhou.casework.display import LIGHT_RANK
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.models import Case, CoHandling, Escalation, Extension
from jinzhou.org.choices import Role
from jinzhou.org.selectors import Actor, actor_for

# Who sees the leaders' dashboard: the city's decision makers and the office that serves them.
DASHBOARD_ROLES = {Role.LEADING_GROUP, Role.OFFICE, Role.TASK_FORCE_LEADER}


def may_see_dashboard(user) -> bool:
    actor = actor_for(user)
    return actor.is_superuser or bool(actor.roles & DASHBOARD_ROLES)


def may_report_bottleneck(user) -> bool:
    """Whether to offer the report form in the menu (``report_bottleneck`` decides for itself)."""
    return bool(actor_for(user).enterprise_id)


def _states_where(relation: str, *, forward_only: bool = False) -> Q:
    """Cases of any kind in a state where a transition names ``relation`` among its actors.

    With ``forward_only``, only ordinary steps count (not returns or reassignments, which the office
    may fire almost anywhere) and only steps that the reporter or the responsible department cannot
    take themselves: where the case waits for this actor and nobody else."""
    q = Q(pk__in=[])
    for spec in all_kinds():
        states: set[str] = set()
        for step in spec.workflow.transitions:
            if relation not in step.actors:
                continue
            if forward_only and (step.style != "default" or {"reporter", "responsible"} & set(step.actors)):
                continue
            states.update(step.sources)
        if states:
            q |= Q(kind=spec.code, status__in=sorted(states))
    return q


def _escalations_waiting_for(actor: Actor) -> Exists:
    """Supervision notices (督办) addressed to the actor and not yet acknowledged (签收)."""
    addressed = Q(target_user_id=actor.user_id)
    if actor.department_id:
        addressed |= Q(target_user__isnull=True, target_department_id=actor.department_id)
    if Role.LEADING_GROUP in actor.roles:
        addressed |= Q(target_user__isnull=True, target=EscalationTarget.LEADING_GROUP)
    return Exists(Escalation.objects.filter(addressed, case_id=OuterRef("pk"), acknowledged_at__isnull=True))


def my_todos(user, *, now: dt.datetime | None = None) -> QuerySet:
    """我的待办: the open cases, of every kind, that wait for ``user`` to act, most urgent first.

    Of the cases the user may see (``visible_to``), those where:

    - the user is the responsible person, or their department is the responsible department (a
      chain-leader department's staff share its cases until they are closed, including while the
      office reviews a submitted resolution, because the deadline is theirs until then);
    - their department co-handles the case (协办) and has not yet given its feedback;
    - they reported it and it waits for them: a draft to submit, a returned report to correct (the
      states where the workflow lets the reporter act);
    - for an enterprise's users: every open case their enterprise reported (or the office registered
      on its behalf), because an enterprise follows its own problems to the end, answering questions
      and adding documents, and has no other list;
    - they assigned it and it waits for their decision: a submitted chain task to review, an
      extension request to decide (a task-force leader who assigned a task, the office);
    - a supervision notice (督办) is addressed to them, their department, or the leading group they
      belong to, and is not yet acknowledged (签收);
    - for the office: the case waits for the office itself (to accept, assign or close).

    Ordered red, yellow, green, then by deadline (earliest first), as the admin's lists.
    """
    actor = actor_for(user)
    now = now or timezone.now()
    if actor.user_id is None:
        return Case.objects.none()
    waiting = Q(responsible_person_id=actor.user_id) | _escalations_waiting_for(actor)
    if actor.department_id:
        waiting |= Q(responsible_department_id=actor.department_id)
        waiting |= Exists(
            CoHandling.objects.filter(
                case_id=OuterRef("pk"), department_id=actor.department_id, status=CoHandlingStatus.PENDING
            )
        )
    waiting |= Q(reporter_id=actor.user_id) & _states_where("reporter")
    if actor.enterprise_id:
        waiting |= Q(reporter_enterprise_id=actor.enterprise_id)
    waiting |= Q(assigned_by_id=actor.user_id) & (
        _states_where("assigner")
        | Exists(Extension.objects.filter(case_id=OuterRef("pk"), status=ExtensionStatus.PENDING))
    )
    if actor.is_office:
        waiting |= _states_where("office", forward_only=True)
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(waiting)
        .with_light(now)
        .annotate(light_rank=LIGHT_RANK, notice_waiting=_escalations_waiting_for(actor))
        .select_related("chain", "responsible_department")
        .order_by("light_rank", F("due_at").asc(nulls_last=True), "-id")
    )


def chain_cases(user, chain, *, now: dt.datetime | None = None) -> QuerySet:
    """The open cases of one chain that ``user`` may see, most urgent first."""
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(chain=chain)
        .with_light(now or timezone.now())
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
