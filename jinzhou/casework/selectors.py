"""Reads of cases: scope (who sees what), traffic lights, and the lists built on them.

One rule, ``Case.objects.visible_to(user)``, serves the admin, the portal and the API. A case
outside the rule does not exist for that visitor (404), so no page hints at it.
"""

import operator
from functools import reduce

from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from jinzhou.casework.choices import Light
from jinzhou.org.choices import Role
from jinzhou.org.selectors import RestrictedQuerySet, actor_for


class CaseQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        from jinzhou.casework.status import StatusWriteError, status_writes_are_allowed

        if "status" in kwargs and not status_writes_are_allowed():
            raise StatusWriteError("Case status can only be changed by casework.services.transition().")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        from jinzhou.casework.status import StatusWriteError, status_writes_are_allowed

        if "status" in fields and not status_writes_are_allowed():
            raise StatusWriteError("Case status can only be changed by casework.services.transition().")
        return super().bulk_update(objs, fields, *args, **kwargs)

    # --- scope -------------------------------------------------------------------------------------
    def _restrict(self, user, action: str) -> "CaseQuerySet":
        # ``restrict`` is the name every scoped model answers to; for cases it is these two rules.
        return self.visible_to(user) if action == "view" else self.editable_by(user)

    def visible_to(self, user) -> "CaseQuerySet":
        return self.filter(scope_q(user))

    def editable_by(self, user) -> "CaseQuerySet":
        """Cases whose fields (not status) the user may edit: the office, and reporters of drafts."""
        actor = actor_for(user)
        if actor.is_office:
            return self.all()
        if actor.user_id is None:
            return self.none()
        return self.filter(Q(reporter_id=actor.user_id) & draft_q())

    # --- lights ------------------------------------------------------------------------------------
    def with_light(self, now=None) -> "CaseQuerySet":
        return self.annotate(light=light_expression(now))

    def lit(self, light: str, now=None) -> "CaseQuerySet":
        """The cases whose light is ``light``, as plain conditions read off ``light_expression``
        (``light_q``), so PostgreSQL can use the (is_open, due_at) index instead of computing the
        light of every row: filtering 100,000 cases by red went from ~1 s to a few ms."""
        if light not in Light.values:
            raise ValueError(f"unknown light {light!r}")
        return self.filter(light_q(light, now))

    def open(self) -> "CaseQuerySet":
        return self.filter(is_open=True)

    def with_kind_detail(self, *, per_row: bool = False) -> "CaseQuerySet":
        """Each row's ``kind_detail``: the value of its kind's ``KindSpec.detail`` field (a
        bottleneck's 堵点/断点/卡脖子), read in the list's own query (each such kind's table joined
        once), so a list names a case as its page does (``display.case_kind_label``).

        ``per_row``: a subquery per row read instead of the join, for a short page sorted out of many
        open cases (我关注的): PostgreSQL evaluates it for the rows kept after the sort only, where the
        join read the whole kind table into a hash (600,000 bottlenecks at 1,000,000 cases: 80 ms)."""
        from django.db.models import F, OuterRef, Subquery
        from django.db.models.functions import Coalesce

        from jinzhou.casework.kinds import all_kinds

        specs = [spec for spec in all_kinds() if spec.detail]
        if per_row:
            fields = [Subquery(spec.model.objects.filter(pk=OuterRef("pk")).values(spec.detail)[:1]) for spec in specs]
        else:
            fields = [F(f"{spec.model._meta.model_name}__{spec.detail}") for spec in specs]
        if not fields:
            return self.annotate(kind_detail=Value(None, output_field=models.CharField()))
        return self.annotate(kind_detail=fields[0] if len(fields) == 1 else Coalesce(*fields))

    def with_latest_progress(self) -> "CaseQuerySet":
        """Each row's latest progress (``progress_summary``, ``progress_note``, ``progress_at``): the
        latest progress report (a chain task's 进展 is recorded as a ``progress`` event by its kind's
        service) if the case has one, else its latest timeline event; read as subqueries in the
        list's own query, so an export of 100 rows costs what one of 1 does."""
        from jinzhou.casework.choices import EventKind
        from jinzhou.casework.models import TimelineEvent

        latest = TimelineEvent.objects.filter(case_id=OuterRef("pk")).order_by(
            SqlCase(When(kind=EventKind.PROGRESS, then=Value(0)), default=Value(1)), "-at", "-id"
        )
        return self.annotate(
            progress_summary=Subquery(latest.values("summary")[:1]),
            progress_note=Subquery(latest.values("note")[:1]),
            progress_at=Subquery(latest.values("at")[:1]),
        )

    def with_notice_count(self) -> "CaseQuerySet":
        """Each row's number of supervision notices (督办), as a subquery (no join multiplying rows)."""
        from django.db.models import Count, IntegerField
        from django.db.models.functions import Coalesce

        from jinzhou.casework.models import Escalation

        counts = Escalation.objects.filter(case_id=OuterRef("pk")).order_by().values("case_id").annotate(n=Count("pk"))
        return self.annotate(notice_count=Coalesce(Subquery(counts.values("n")[:1], output_field=IntegerField()), 0))

    def overdue(self, now=None) -> "CaseQuerySet":
        now = now or timezone.now()
        return self.filter(is_open=True).filter(Q(due_at__lte=now) | Q(report_due_at__lte=now))


def draft_q() -> Q:
    """The cases in a draft state of their kind's workflow (``State.draft``)."""
    from jinzhou.casework.kinds import all_kinds

    kinds_by_state: dict[str, list[str]] = {}
    for spec in all_kinds():
        for code in spec.workflow.draft_states:
            kinds_by_state.setdefault(code, []).append(spec.code)
    parts = [Q(status=code, kind__in=kinds) for code, kinds in kinds_by_state.items()]
    return reduce(operator.or_, parts) if parts else Q(pk__in=[])


def scope_q(user, case: str = "pk") -> Q:
    """The filter that keeps exactly the cases ``user`` may see. ``case`` names the case's id when the
    rule filters another table that carries a copy of the case's scope columns under the same names
    (the search index's entries, ``search.models.SearchEntry``), so the rule is written once."""
    from jinzhou.casework.models import CoHandling

    actor = actor_for(user)
    if actor.user_id is None:
        return Q(pk__in=[])
    if actor.sees_everything:
        return Q()
    q = Q(reporter_id=actor.user_id) | Q(responsible_person_id=actor.user_id) | Q(assigned_by_id=actor.user_id)
    if actor.industry_ids:
        q |= Q(chain__industry_id__in=actor.industry_ids)
    if actor.department_id:
        q |= (
            Q(chain__leader_department_id=actor.department_id)
            | Q(responsible_department_id=actor.department_id)
            | Exists(CoHandling.objects.filter(case_id=OuterRef(case), department_id=actor.department_id))
        )
    if actor.enterprise_id:
        from jinzhou.casework.models import Case

        takes_part = Case.enterprises.through.objects.filter(case_id=OuterRef(case), enterprise_id=actor.enterprise_id)
        q |= Q(reporter_enterprise_id=actor.enterprise_id) | Exists(takes_part)
    return q


def light_expression(now=None) -> SqlCase:
    """Red when overdue (deadline or a periodic report), yellow inside the warning window or with an
    extension waiting, green otherwise, grey when closed. Computed in SQL at read time, never stored."""
    from jinzhou.casework.models import Extension

    now = now or timezone.now()
    pending_extension = Exists(Extension.objects.filter(case_id=OuterRef("pk"), status="pending"))
    return SqlCase(
        When(is_open=False, then=Value(Light.GREY)),
        When(Q(due_at__lte=now) | Q(report_due_at__lte=now), then=Value(Light.RED)),
        When(Q(warn_at__lte=now) | pending_extension, then=Value(Light.YELLOW)),
        default=Value(Light.GREEN),
        output_field=models.CharField(),
    )


def light_q(light: str, now=None) -> Q:
    """The filter for one light, read off the one rule (``light_expression``): its branch's condition
    and the negation of every branch before it, so the two can never disagree."""
    before = Q()
    for when in light_expression(now).cases:
        if when.result.value == light:
            return before & when.condition
        before &= ~when.condition
    return before  # the default branch (green)


def light_of(case, now=None) -> str:
    """The light of one loaded case, by the same rule as ``light_expression``."""
    annotated = getattr(case, "light", None)
    if annotated:
        return annotated
    now = now or timezone.now()
    if not case.is_open:
        return Light.GREY
    if (case.due_at and case.due_at <= now) or (case.report_due_at and case.report_due_at <= now):
        return Light.RED
    if (case.warn_at and case.warn_at <= now) or case.extensions.filter(status="pending").exists():
        return Light.YELLOW
    return Light.GREEN


# --- the office's queue (待办) ---------------------------------------------------------------------
# What waits on the visitor, each entry one rule read by both the count on the admin's home page and
# the list it links to (``QueueFilter``: ``?queue=<name>``), so the two can never disagree.
QUEUE = ("accept", "assign", "review", "extension", "overdue", "report_late", "unacknowledged")
# Who decides in the office's steps: the office itself, or whoever assigned the case.
DECIDERS = frozenset({"office", "assigner"})
RESPONSIBLE = frozenset({"responsible", "responsible_department"})


def _waiting_steps(queue: str):
    """(kind, state, actors) of the steps a queue waits on, read off every kind's workflow:

    ``accept``  states a reporter puts a draft into (上报), left by a step of the deciders (受理);
    ``assign``  states left by an assigning step before any deadline runs (交办, not 改派);
    ``review``  states the responsible side submits into (申请办结), left for a terminal state by a
                step of the deciders (办结)."""
    from jinzhou.casework.kinds import all_kinds

    for spec in all_kinds():
        workflow = spec.workflow
        terminal = {state.code for state in workflow.states if state.terminal}
        draft = {state.code for state in workflow.states if state.draft}
        reported = {t.target for t in workflow.transitions if "reporter" in t.actors and set(t.sources) & draft}
        submitted = {
            t.target for t in workflow.transitions if RESPONSIBLE & set(t.actors) and not DECIDERS & set(t.actors)
        }
        for step in workflow.transitions:
            deciders = DECIDERS & set(step.actors)
            # Only the steps the office or the assigner decides, not those the handling side takes itself.
            if not deciders or RESPONSIBLE & set(step.actors):
                continue
            for source in set(step.sources) - terminal:
                if (
                    (queue == "accept" and source in reported and source not in draft)
                    or (queue == "assign" and "assign" in step.effects and source not in workflow.deadline_states)
                    or (queue == "review" and source in submitted and step.target in terminal)
                ):
                    yield spec.code, source, deciders


def _decider_q(deciders, actor) -> Q | None:
    if "office" in deciders and actor.is_office:
        return Q()
    if "assigner" in deciders:
        return Q(assigned_by_id=actor.user_id)
    return None


def queue_q(queue: str, user, now=None) -> Q:
    """The cases of one entry of ``user``'s queue (inside their scope, which the caller applies)."""
    from jinzhou.casework.models import Extension

    if queue not in QUEUE:
        raise ValueError(f"unknown queue {queue!r}")
    actor = actor_for(user)
    nothing = Q(pk__in=[])
    if actor.user_id is None:
        return nothing
    now = now or timezone.now()
    if queue in ("accept", "assign", "review"):
        parts = {}
        for kind, state, deciders in _waiting_steps(queue):
            who = _decider_q(deciders, actor)
            if who is None:
                continue
            # Several steps may leave one state (close, send back): the widest rule wins (Q() is all).
            held = parts.get((kind, state))
            parts[(kind, state)] = who if held is None else (held | who if held and who else Q())
        found = [Q(kind=kind, status=state) & who for (kind, state), who in parts.items()]
        # Never a terminal state, so always open: said in SQL too, for the (is_open, …) index.
        return Q(is_open=True) & reduce(operator.or_, found) if found else nothing
    if queue == "extension":
        # ``may_decide_extension``'s rule in SQL: the assigner, or the office when the assigner is gone.
        deciders = Q(assigned_by_id=actor.user_id)
        if actor.is_office:
            deciders |= Q(assigned_by__isnull=True) | Q(assigned_by__is_active=False)
        # ``pk IN (…)`` of a subquery that does not depend on the row: read once, not probed per case.
        pending = Q(pk__in=Extension.objects.filter(status="pending").values("case_id"))
        # A request left pending on a closed case waits for nothing: it is not work to do.
        return pending & Q(is_open=True) & deciders
    if queue == "overdue":
        return Q(is_open=True, due_at__lte=now)
    if queue == "report_late":
        return Q(is_open=True, report_due_at__lte=now)
    # unacknowledged: the office follows every notice not yet signed for; anyone else the notices
    # waiting for their own acknowledgement (``may_acknowledge_escalation``'s rule in SQL).
    return Q(pk__in=_unacknowledged_notices(actor).values("case_id"))


def _unacknowledged_notices(actor):
    from jinzhou.casework.models import Escalation

    notices = Escalation.objects.filter(acknowledged_at__isnull=True).order_by()
    if not actor.is_office:
        mine = Q(target_user_id=actor.user_id)
        if actor.department_id:
            mine |= Q(target_user__isnull=True, target_department_id=actor.department_id)
        if Role.LEADING_GROUP in actor.roles:
            mine |= Q(target_user__isnull=True, target="leading_group")
        notices = notices.filter(mine)
    return notices


def pk_any(ids, field_name: str = "pk") -> Q:
    """``field_name IN (ids)``, written ``= ANY(…)`` on PostgreSQL: the ids read once, then the rows
    through an index on the field (``IN (subquery)`` there is a hash tested row by row, or merged with
    a scan of the whole index). ``ids``: a subquery of one column (``ANY(ARRAY(subquery))``), or a list
    of ids already read (``ANY(%s::bigint[])``: one parameter, and the planner knows how many). The one
    place this SQL is written."""
    from django.db import connection
    from django.db.models import BooleanField, F, Func
    from django.db.models.expressions import RawSQL

    if connection.vendor != "postgresql":
        return Q(**{f"{field_name}__in": ids})
    if isinstance(ids, list | tuple):
        any_of = {"template": "%(expressions)s)", "arg_joiner": " = ANY("}
        return Q(Func(F(field_name), RawSQL("%s::bigint[]", (list(ids),)), **any_of, output_field=BooleanField()))
    any_of = {"template": "%(expressions)s)", "arg_joiner": " = ANY(ARRAY"}
    return Q(Func(F(field_name), Subquery(ids), **any_of, output_field=BooleanField()))


def any_case_id(rows) -> Q:
    """The cases of ``rows``' ``case_id`` (``pk_any``): OR-ed with an indexed condition it is a
    BitmapOr of two index scans (``pk IN (subquery)`` there is a hashed filter, tested on every row)."""
    return pk_any(rows.values("case_id"))


def office_queue(user, now=None) -> dict[str, int]:
    """How many cases wait in each entry of ``user``'s queue, in one query whatever their number."""
    from django.db.models import Count

    from jinzhou.casework.models import Case

    now = now or timezone.now()
    counts = {name: Count("pk", filter=queue_q(name, user, now)) for name in QUEUE}
    # Every entry but the notices holds open cases only: the count reads the open cases (through
    # the index led by is_open) and the few cases with a notice not signed for, not the closed
    # cases that make up most of the table (a scan of 100,000 cases: 630 ms → a few ms).
    actor = actor_for(user)
    reach = Q(is_open=True)
    if actor.user_id is not None:
        reach |= any_case_id(_unacknowledged_notices(actor))
    return Case.objects.visible_to(user).filter(reach).aggregate(**counts)
