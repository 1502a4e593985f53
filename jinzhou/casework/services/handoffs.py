"""Handoff notices: telling the next person when something happens to a case.

``record_event`` (the one writer of a case's timeline) calls ``notify_handoff`` inside the writing
transaction. The rule of the case's kind and the event (``casework.HandoffRule``, else the defaults
of ``casework.handoffs``) names who is told; the notifications app writes the in-app rows at once
and queues e-mail and chat-robot deliveries after the commit, so a rolled-back write tells nobody.

The same number of queries whatever the number of recipients: the rule (one), the people (one,
with the actor's unit), a supervision notice's addressees when a rule names them (two), then
``notify_many``'s own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework import handoffs
from jinzhou.casework.choices import EventKind
from jinzhou.casework.models import CoHandling, Escalation, HandoffRule
from jinzhou.notifications.services import NotificationRequest, notify_many
from jinzhou.org.choices import Role
from jinzhou.org.selectors import person_label, person_related

# The e-mail categories (``notifications.choices.Category``) a user may mute, by timeline event kind.
CATEGORY_OF = {
    EventKind.CREATED: "transition",
    EventKind.TRANSITION: "transition",
    EventKind.COMMENT: "comment",
    EventKind.ATTACHMENT: "attachment",
    EventKind.EXTENSION: "extension",
    EventKind.CO_HANDLING: "co_handling",
    EventKind.PROGRESS: "progress",
    EventKind.ESCALATION: "escalation",
}


def rule_recipients(kind: str, event: str) -> tuple[str, ...]:
    """Who the rule in force for (kind, event) tells: the stored rule, else the default. One query."""
    rule = HandoffRule.objects.filter(kind=kind, event=event).values_list("enabled", "recipients").first()
    if rule is None:
        return handoffs.default_recipients(kind, event)
    enabled, recipients = rule
    return tuple(recipients or ()) if enabled else ()


def ensure_rules() -> int:
    """Store the rule of every registered kind and known event that has none yet, with its default,
    so the office edits what is in force. Returns how many were created."""
    from jinzhou.casework.kinds import all_kinds

    existing = set(HandoffRule.objects.values_list("kind", "event"))
    missing = [
        HandoffRule(kind=spec.code, event=event, recipients=list(handoffs.default_recipients(spec.code, event)))
        for spec in all_kinds()
        for event, _label in handoffs.known_events(spec)
        if (spec.code, event) not in existing
    ]
    for rule in missing:
        rule.enabled = bool(rule.recipients)
    HandoffRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def case_link(case) -> str:
    """The link every notification about a case carries (handoffs, reminders, supervision notices):
    ``/cases/<id>/go/`` sends each visitor to the page they may use (``staff_page_url`` for staff,
    the portal's case page for the others), since one notice goes to both."""
    try:
        return reverse("case_go", args=[case.pk])
    except NoReverseMatch:
        return ""


def staff_page_url(case) -> str:
    """The admin's page of a case (its kind's change page), or "" for a kind without one."""
    try:
        model = case.spec.model
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[case.pk])
    except (NoReverseMatch, LookupError):
        return ""


def notify_handoff(case, event) -> list:
    """Tell whoever the rule names of ``event`` (a timeline event just written on ``case``).

    Never the actor; once per recipient and event (the step is ``event:<id>``), whatever the number
    of roles they hold. Returns the notifications written."""
    try:
        spec = case.spec
    except LookupError:
        return []
    key = handoffs.event_key(event)
    if not handoffs.is_governed(key):
        return []
    wanted = set(rule_recipients(spec.code, key))
    if not wanted:
        return []
    if "everyone_on_case" in wanted:
        wanted |= set(handoffs.EVERYONE)
    people = _people(case, event, wanted)
    if not people:
        return []
    message = _Message(case, event, spec, _actor(event))
    requests = [
        NotificationRequest(
            recipients=pks,
            case=case,
            step=f"event:{event.pk}",
            title=message.title,
            body=message.body(next_steps),
            url=case_link(case),
            category=CATEGORY_OF.get(event.kind, ""),
        )
        for next_steps, pks in _group_by_next_steps(case, spec, event, people).items()
    ]
    return notify_many(requests)


def _people(case, event, wanted: set[str]) -> dict[int, set[str]]:
    """The recipients other than the actor (user id -> their roles and relations), in one query."""
    data = event.data or {}
    department = (data.get("department") or {}).get("id")
    requester = data.get("requested_by") or (event.actor_id if event.action == "request_extension" else None)
    # The decider of an extension is the assigner, or the office when there is none or they left.
    search = wanted | ({"assigner", "office"} if "extension_decider" in wanted else set())
    targets = _escalation_targets(case) if "escalation_target" in wanted else []
    clauses = {
        "responsible_person": Q(pk=case.responsible_person_id) if case.responsible_person_id else None,
        "responsible_department": Q(profile__department_id=case.responsible_department_id)
        if case.responsible_department_id
        else None,
        "co_handlers": Q(is_co=True),
        "co_handling_department": Q(profile__department_id=department) if department else None,
        "reporter": Q(pk=case.reporter_id) if case.reporter_id else None,
        "reporter_enterprise": Q(profile__enterprise_id=case.reporter_enterprise_id)
        if case.reporter_enterprise_id
        else None,
        "assigner": Q(pk=case.assigned_by_id) if case.assigned_by_id else None,
        "office": Q(is_office=True),
        "escalation_target": Q(pk__in=targets) if targets else None,
        "extension_requester": Q(pk=requester) if requester else None,
    }
    where = Q(pk__in=[])
    for code in sorted(search):
        if clauses.get(code) is not None:
            where |= clauses[code]
    User = get_user_model()
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__role__code=Role.OFFICE)
    co_handling = CoHandling.objects.filter(case_id=case.pk, department_id=OuterRef("profile__department_id"))
    rows = list(
        User.objects.annotate(is_office=Exists(memberships), is_co=Exists(co_handling))
        .filter(where, is_active=True)
        .values("pk", "is_office", "is_co", "profile__department_id", "profile__enterprise_id")
    )
    assigner_active = any(row["pk"] == case.assigned_by_id for row in rows)
    found: dict[int, set[str]] = {}
    for row in rows:
        roles = _roles(case, row, department=department, requester=requester, targets=targets)
        if "extension_decider" in wanted and ("assigner" if assigner_active else "office") in roles:
            roles.add("extension_decider")
        # Never the actor: they know what they just did.
        if row["pk"] != event.actor_id and roles & wanted:
            found[row["pk"]] = _relations(roles)
    return found


def _roles(case, row, *, department, requester, targets) -> set[str]:
    roles = set()
    pk = row["pk"]
    department_id = row["profile__department_id"]
    if pk == case.responsible_person_id:
        roles.add("responsible_person")
    if department_id and department_id == case.responsible_department_id:
        roles.add("responsible_department")
    if row["is_co"]:
        roles.add("co_handlers")
    if department and department_id == department:
        roles.add("co_handling_department")
    if pk == case.reporter_id:
        roles.add("reporter")
    if row["profile__enterprise_id"] and row["profile__enterprise_id"] == case.reporter_enterprise_id:
        roles.add("reporter_enterprise")
    if pk == case.assigned_by_id:
        roles.add("assigner")
    if row["is_office"]:
        roles.add("office")
    if pk in targets:
        roles.add("escalation_target")
    if requester and pk == requester:
        roles.add("extension_requester")
    return roles


def _relations(roles: set[str]) -> set[str]:
    """The recipient's roles and the workflow relations (``casework.permissions``) they imply."""
    found = set(roles)
    for code in roles:
        found |= handoffs.RELATIONS_OF.get(code, set())
    return found


def _escalation_targets(case) -> list[int]:
    from jinzhou.casework.services.supervision import escalation_recipients

    latest = Escalation.objects.filter(case_id=case.pk).order_by("-issued_at", "-id").first()
    return escalation_recipients(latest) if latest else []


def _group_by_next_steps(case, spec, event, people: dict[int, set[str]]) -> dict[tuple[str, ...], list[int]]:
    """Recipients grouped by what is expected of them next, so each group gets its own message."""
    groups: dict[tuple[str, ...], list[int]] = {}
    options = spec.workflow.from_state(case.status) if case.is_open else []
    for pk, relations in sorted(people.items()):
        steps = [str(t.label) for t in options if relations & set(t.actors)]
        if "extension_decider" in relations and event.action == "request_extension":
            steps.insert(0, _("decide on the extension request"))
        if "co_handling_department" in relations and event.action == "add_co_handler":
            steps.insert(0, _("give co-handling feedback"))
        groups.setdefault(tuple(steps), []).append(pk)
    return groups


def _actor(event):
    """The actor with their unit, for ``person_label`` (one query), or None for the system."""
    if not event.actor_id:
        return None
    return get_user_model().objects.select_related(*person_related()).get(pk=event.actor_id)


class _Message:
    """The words of one event's notices: what happened and by whom, the note, what comes next."""

    def __init__(self, case, event, spec, actor) -> None:
        self.case = case
        self.event = event
        self.spec = spec
        self.what = handoffs.event_label(spec, handoffs.event_key(event))
        self.title = _("%(reference)s %(what)s: %(title)s") % {
            "reference": case.reference,
            "what": self.what,
            "title": case.title,
        }
        self.who = person_label(actor) if actor is not None else _("The system")

    def note_label(self) -> str:
        """What the note is: a comment's text, the reason of a refusal (a return, a send-back, a
        warning-styled step) or of an extension request, else a note."""
        event = self.event
        if event.kind == EventKind.COMMENT:
            return _("Comment")
        step = self.spec.workflow.transition(event.action) if event.kind == EventKind.TRANSITION else None
        refusal = step is not None and step.style == "warning"
        if refusal or event.action in ("request_extension", "reject_extension"):
            return _("Reason")
        return _("Note")

    def body(self, next_steps: tuple[str, ...]) -> str:
        event = self.event
        lines = [_("%(who)s — %(summary)s") % {"who": self.who, "summary": event.summary or self.what}]
        if event.note:
            lines.append(_("%(label)s: %(note)s") % {"label": self.note_label(), "note": event.note})
        if next_steps:
            steps = "、".join(next_steps)
            if self.case.due_at and self.case.is_open:
                day = timezone.localtime(self.case.due_at).strftime("%Y-%m-%d")
                lines.append(_("Next: %(steps)s (due %(date)s)") % {"steps": steps, "date": day})
            else:
                lines.append(_("Next: %(steps)s") % {"steps": steps})
        lines.append(f"{self.case.reference} {self.case.title}")
        return "\n".join(lines)
