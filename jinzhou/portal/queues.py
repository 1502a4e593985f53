"""我的待办 in sections: which open case waits for whom, read off the workflows' declarations.

No status list of any kind is written here. Each section is a condition on the case's relation to
the visitor (responsible department or person, reporter or reporting enterprise, co-handler,
assigner, the office, the addressee of a supervision notice) and on the states in which the
workflow lets that relation take an ordinary step (``Transition.style == "default"``):

- 待签收: the states where a step of the visitor's relation acknowledges (the ``acknowledge`` effect);
- 办理中: the other states where the visitor's relation takes an ordinary step (handling, in progress,
  a draft or a returned report to correct, a milestone to deliver, a self-assessment to write);
- 已提交待审核: the states the visitor's relation steps *into* and from which only someone else goes on
  (a submitted resolution, a task submitted for review, a report waiting for acceptance): shown
  apart, because they wait for the office or the assigner, not for the visitor;
- 协办: the visitor's department co-handles the case and owes its feedback;
- 督办待签收: a supervision notice addressed to the visitor, their department or their leading group
  is not yet acknowledged;
- 待我审核/审批: the states where the case waits for the visitor's decision as its assigner or as the
  office (steps that the responsible side or the reporter cannot take), and pending extension
  requests the visitor decides (``supervision.may_decide_extension``'s rule).

So a new kind, or a new state in a workflow, falls into the right section without an edit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.choices import CoHandlingStatus, EscalationTarget, ExtensionStatus
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.models import CoHandling, Escalation, Extension
from jinzhou.casework.selectors import any_case_id
from jinzhou.org.choices import Role
from jinzhou.org.selectors import Actor

# The relations of "my side" of a case, by how the visitor is tied to it (``casework.permissions``).
AS_DEPARTMENT = frozenset({"responsible", "responsible_department"})
AS_PERSON = frozenset({"responsible"})
AS_REPORTER = frozenset({"reporter"})
# The relations that handle or report a case: a step none of them may take is someone else's decision.
MY_SIDE = frozenset({"responsible", "responsible_department", "reporter"})
ACKNOWLEDGE_EFFECT = "acknowledge"

ACKNOWLEDGE = "acknowledge"
HANDLING = "handling"
CO_HANDLING = "co_handling"
NOTICES = "notices"
DECIDE = "decide"
SUBMITTED = "submitted"


@dataclass(frozen=True)
class Section:
    code: str
    label: str | Promise
    # Whether the case waits for the visitor (the default tab is the first such one with cases).
    waiting_for_me: bool
    condition: Q
    # Shown as a tab even when empty (the sections of the visitor's role); the others only with cases.
    always: bool = True
    # A wider condition on the case's own columns (each one indexed), true of every case the section
    # holds: the counts read the cases through it instead of testing every open case.
    reach: Q | None = None


@dataclass(frozen=True)
class KindStates:
    """One kind's states, by what a relation may do there."""

    acknowledge: frozenset[str]
    forward: frozenset[str]
    submitted: frozenset[str]


def _ordinary_steps(workflow, relations: frozenset[str]):
    return [step for step in workflow.transitions if step.style == "default" and relations & set(step.actors)]


def _states_for(workflow, relations: frozenset[str]) -> KindStates:
    steps = _ordinary_steps(workflow, relations)
    forward = {source for step in steps for source in step.sources}
    acknowledge = {source for step in steps if ACKNOWLEDGE_EFFECT in step.effects for source in step.sources}
    # Where my own steps lead, when I can take no further ordinary step there and the case is not done.
    submitted = {step.target for step in steps} - forward
    submitted = {code for code in submitted if not workflow.is_terminal(code)}
    return KindStates(frozenset(acknowledge), frozenset(forward), frozenset(submitted))


def _in_states(pick, sides: list[tuple[Q, frozenset[str]]]) -> Q:
    """Cases of any kind, tied to the visitor by one of ``sides`` (a condition and the relations it
    gives), in the states ``pick`` chooses for those relations."""
    condition = Q(pk__in=[])
    for spec in all_kinds():
        for tie, relations in sides:
            states = pick(_states_for(spec.workflow, relations))
            if states:
                condition |= Q(kind=spec.code, status__in=sorted(states)) & tie
    return condition


def _decided_by(relation: str) -> frozenset[tuple[str, str]]:
    """(kind, state) pairs where ``relation`` takes an ordinary step that neither the responsible
    side nor the reporter can take: the case waits for that decision."""
    pairs = set()
    for spec in all_kinds():
        for step in spec.workflow.transitions:
            if step.style == "default" and relation in step.actors and not MY_SIDE & set(step.actors):
                pairs.update((spec.code, source) for source in step.sources)
    return frozenset(pairs)


def _pairs_q(pairs) -> Q:
    by_kind: dict[str, list[str]] = {}
    for kind, state in sorted(pairs):
        by_kind.setdefault(kind, []).append(state)
    condition = Q(pk__in=[])
    for kind, states in by_kind.items():
        condition |= Q(kind=kind, status__in=states)
    return condition


def _notices_addressed_to(actor: Actor):
    addressed = Q(target_user_id=actor.user_id)
    if actor.department_id:
        addressed |= Q(target_user__isnull=True, target_department_id=actor.department_id)
    if Role.LEADING_GROUP in actor.roles:
        addressed |= Q(target_user__isnull=True, target=EscalationTarget.LEADING_GROUP)
    return Escalation.objects.filter(addressed, acknowledged_at__isnull=True)


def notices_waiting_for(actor: Actor) -> Exists:
    """Supervision notices (督办) addressed to the actor and not yet acknowledged (签收): per row,
    for a page's rows."""
    return Exists(_notices_addressed_to(actor).filter(case_id=OuterRef("pk")))


# The sections' conditions on other tables are ``pk IN (…)`` of a subquery that does not depend on the
# row: PostgreSQL runs it once and keeps a hash of its case ids, where a correlated EXISTS probed the
# other table once per open case (two index probes per case: 44,000 cases, ~180,000 page reads).
def _case_ids(rows) -> Q:
    return Q(pk__in=rows.values("case_id"))


def _ties(sides) -> Q:
    reach = Q(pk__in=[])
    for tie, _relations in sides:
        reach |= tie
    return reach


def _my_sides(actor: Actor) -> list[tuple[Q, frozenset[str]]]:
    sides = [(Q(responsible_person_id=actor.user_id), AS_PERSON)]
    if actor.department_id:
        sides.append((Q(responsible_department_id=actor.department_id), AS_DEPARTMENT))
    reporter = Q(reporter_id=actor.user_id)
    if actor.enterprise_id:
        reporter |= Q(reporter_enterprise_id=actor.enterprise_id)
    sides.append((reporter, AS_REPORTER))
    return sides


def _decisions_reach(actor: Actor) -> Q:
    reach = Q(assigned_by_id=actor.user_id)
    if actor.is_office:
        pending = Extension.objects.filter(status=ExtensionStatus.PENDING)
        reach |= _pairs_q(_decided_by("office")) | any_case_id(pending)
    return reach


def _decisions(actor: Actor) -> Q:
    pending_extension = _case_ids(Extension.objects.filter(status=ExtensionStatus.PENDING))
    condition = Q(assigned_by_id=actor.user_id) & (_pairs_q(_decided_by("assigner")) | pending_extension)
    if actor.is_office:
        # The office decides an extension when nobody assigned the case or its assigner has left.
        orphan = Q(assigned_by__isnull=True) | Q(assigned_by__is_active=False)
        condition |= _pairs_q(_decided_by("office")) | (orphan & pending_extension)
    return condition


def sections_for(actor: Actor) -> list[Section]:
    """The visitor's sections, in the order of the tabs: what waits for them, then what they submitted."""
    if actor.user_id is None:
        return []
    sides = _my_sides(actor)
    # Everyone who assigned a case decides on it; the tab is kept for the roles that assign and decide,
    # whose own sections (to acknowledge, in hand, submitted) appear only when they hold cases.
    decides = actor.is_office or bool(actor.roles & {Role.LEADING_GROUP, Role.TASK_FORCE_LEADER})
    handles = not decides
    # Enterprises do not acknowledge assignments (their cases are given to departments).
    acknowledges = handles and bool(actor.department_id)
    ties = _ties(sides)
    acknowledge = _in_states(lambda s: s.acknowledge, sides)
    sections = [
        Section(ACKNOWLEDGE, _("To acknowledge"), True, acknowledge, acknowledges, ties),
        Section(HANDLING, _("In hand"), True, _in_states(lambda s: s.forward - s.acknowledge, sides), handles, ties),
    ]
    if actor.department_id:
        co_handling = CoHandling.objects.filter(department_id=actor.department_id, status=CoHandlingStatus.PENDING)
        owed = Section(CO_HANDLING, _("Co-handling"), True, _case_ids(co_handling), handles, any_case_id(co_handling))
        sections.append(owed)
    addressed = bool(actor.department_id) or decides
    notices = _notices_addressed_to(actor)
    sections.append(
        Section(NOTICES, _("Notices to acknowledge"), True, _case_ids(notices), addressed, any_case_id(notices))
    )
    decisions = Section(DECIDE, _("To review or approve"), True, _decisions(actor), decides, _decisions_reach(actor))
    sections.append(decisions)
    submitted = _in_states(lambda s: s.submitted, sides)
    sections.append(Section(SUBMITTED, _("Submitted, awaiting review"), False, submitted, handles, ties))
    return sections


def section_counts(cases, sections: list[Section]) -> dict[str, int]:
    """How many of ``cases`` each section holds, in one query (a conditional count per section)."""
    if not sections:
        return {}
    any_section = Q(pk__in=[])
    for section in sections:
        any_section |= section.condition if section.reach is None else section.reach
    totals = cases.filter(any_section).aggregate(
        **{section.code: Count("pk", filter=section.condition) for section in sections}
    )
    return {section.code: totals[section.code] or 0 for section in sections}


def default_section(sections: list[Section], counts: dict[str, int]) -> Section | None:
    """The first section waiting for the visitor that has cases; else the first section."""
    for section in sections:
        if section.waiting_for_me and counts.get(section.code):
            return section
    return sections[0] if sections else None


def waiting_for(actor: Actor) -> Q:
    """Every case that waits for the actor (the union of the sections that wait for them)."""
    condition = Q(pk__in=[])
    for section in sections_for(actor):
        if section.waiting_for_me:
            condition |= section.condition
    return condition


def queue(cases, section: Section):
    return cases.filter(section.condition)


__all__ = ["Section", "default_section", "queue", "section_counts", "sections_for", "waiting_for"]
