"""Helpers for the reminder tests: moments in Asia/Shanghai and cases with a given deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

from chains.models import ChainTask
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.inputs import end_of_day
from jinzhou.casework.services.reminders import compute_next_reminder
from jinzhou.notifications.models import Notification
from tests.world import case_in_state

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def case_due(world, due: dt.date, *, now: dt.datetime, model=ChainTask, status: str = "acknowledged", **fields):
    """A case of ``model`` in ``status`` with its deadline at the end of ``due`` and ``next_reminder_at``
    as the services would have set it at ``now``."""
    fields.setdefault("responsible_person", world.chainlead)
    case = case_in_state(model, status, world=world, **fields)
    set_deadline(case, end_of_day(due))
    case.original_due_at = case.due_at
    case.next_reminder_at = compute_next_reminder(case, now=now)
    case.save()
    return case


def inbox(user) -> list[tuple[str, str]]:
    """(case reference, step) of a user's notifications, in order of creation."""
    rows = Notification.objects.filter(recipient=user).order_by("pk").select_related("case")
    return [(n.case.reference if n.case_id else "", n.step) for n in rows]
