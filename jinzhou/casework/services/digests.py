"""The morning digest (每日简报): at 09:00 on working days each task-force leader gets their industry's
counts by light, the cases newly overdue since the previous working day's digest and the notices
waiting for 签收; the leading group gets the same for the whole city.

Sent as notifications without a case, one per recipient, scope and day: the step names the scope
(``digest:city``, ``digest:industry:<id>``) and the deadline is the day, so a second run that day
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import Light
from jinzhou.casework.deadlines import add_working_days, is_working_day
from jinzhou.casework.models import Case, Escalation
from jinzhou.notifications import services as notifications
from jinzhou.org.choices import Role
from jinzhou.org.models import TaskForce

DIGEST_TIME = dt.time(9)


@dataclass
class Digest:
    red: int
    yellow: int
    green: int
    newly_overdue: list[str]
    newly_overdue_count: int
    waiting: int

    def body(self) -> str:
        lines = [
            _("Open cases: red %(red)d, yellow %(yellow)d, green %(green)d.")
            % {"red": self.red, "yellow": self.yellow, "green": self.green},
            _("Newly overdue since the last digest: %(count)d.") % {"count": self.newly_overdue_count},
        ]
        if self.newly_overdue:
            lines.append("、".join(self.newly_overdue))
        lines.append(_("Supervision notices waiting for acknowledgement: %(count)d.") % {"count": self.waiting})
        return "\n".join(lines)


def digest_for(cases, *, since: dt.datetime, now: dt.datetime, listed: int = 20) -> Digest:
    """The digest's figures over ``cases`` (a queryset of ``Case``): three queries."""
    open_cases = cases.filter(is_open=True)
    counts = {
        row["light"]: row["n"] for row in open_cases.with_light(now).order_by().values("light").annotate(n=Count("pk"))
    }
    newly = open_cases.filter(Q(due_at__gt=since, due_at__lte=now) | Q(report_due_at__gt=since, report_due_at__lte=now))
    references = list(newly.order_by("due_at", "pk").values_list("reference", flat=True)[: listed + 1])
    count = len(references) if len(references) <= listed else newly.count()
    waiting = Escalation.objects.filter(acknowledged_at__isnull=True, case__in=open_cases.values("pk")).count()
    return Digest(
        red=counts.get(Light.RED, 0),
        yellow=counts.get(Light.YELLOW, 0),
        green=counts.get(Light.GREEN, 0),
        newly_overdue=references[:listed],
        newly_overdue_count=count,
        waiting=waiting,
    )


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Send today's digests; nothing on a day off. Returns the number of notifications written."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if not is_working_day(today):
        return 0
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(add_working_days(today, -1), DIGEST_TIME, tzinfo=tz)
    written = 0
    with transaction.atomic():
        task_forces = TaskForce.objects.filter(leader__isnull=False, leader__is_active=True).select_related("industry")
        for task_force in task_forces:
            digest = digest_for(Case.objects.filter(chain__industry_id=task_force.industry_id), since=since, now=now)
            written += _send(
                [task_force.leader_id],
                step=f"digest:industry:{task_force.industry_id}",
                day=today,
                title=_("Daily digest %(date)s: %(scope)s") % {"date": today.isoformat(), "scope": task_force.industry},
                digest=digest,
            )
        group = list(
            get_user_model()
            .objects.filter(is_active=True, groups__role__code=Role.LEADING_GROUP)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if group:
            digest = digest_for(Case.objects.all(), since=since, now=now)
            written += _send(
                group,
                step="digest:city",
                day=today,
                title=_("Daily digest %(date)s: the whole city") % {"date": today.isoformat()},
                digest=digest,
            )
    return written


def _send(recipients, *, step: str, day: dt.date, title: str, digest: Digest) -> int:
    level = "red" if digest.red or digest.newly_overdue_count else "info"
    new = notifications.notify(
        recipients, case=None, step=step, deadline=day, title=title, body=digest.body(), level=level
    )
    return len(new)
