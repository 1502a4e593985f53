"""Putting a meeting's decisions into each standing: closed, overdue, on time."""

import datetime as dt

from django.utils import timezone

from jinzhou.casework.models import Case
from jinzhou.casework.services import transition


def close(task, world):
    for action, actor, data in (
        ("acknowledge", world.chainlead, {}),
        ("start", world.chainlead, {}),
        ("submit", world.chainlead, {"note": "已完成"}),
        ("close", world.office, {}),
    ):
        task = transition(task, action, actor=actor, **data)
    return task


def make_overdue(task) -> None:
    Case.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
