"""A mixed world for the dashboard's drill-down tests: red, yellow, green and closed cases on two
chains, and red cases with no chain, with lights set by moving the clock of each case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jinzhou.casework.models import Case
from tests.world import Bottleneck, ChainTask, case_in_state


def _set(case, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def red(case) -> Case:
    past = timezone.now() - dt.timedelta(days=5)
    return _set(case, due_at=past, warn_at=past - dt.timedelta(days=3))


def yellow(case) -> Case:
    return _set(case, warn_at=timezone.now() - dt.timedelta(hours=1))


def mixed_world(world) -> dict:
    """钛白粉: 3 red, 1 yellow, 1 green, 1 closed on time; 风电装备: 1 red, 2 yellow, 1 closed late;
    no chain: 2 red."""
    made = {"ti_red": [], "wind_red": [], "none_red": []}
    for number in range(3):
        made["ti_red"].append(red(case_in_state(ChainTask, "in_progress", world=world, title=f"钛红{number}")))
    made["ti_yellow"] = yellow(case_in_state(Bottleneck, "handling", world=world, title="钛黄"))
    made["ti_green"] = case_in_state(ChainTask, "in_progress", world=world, title="钛绿")
    made["ti_closed"] = case_in_state(ChainTask, "closed", world=world, title="钛结")
    late = case_in_state(ChainTask, "closed", world=world, chain=world.wind, title="风电逾期办结")
    made["wind_closed_late"] = _set(late, original_due_at=timezone.now() - dt.timedelta(days=10))
    made["wind_red"].append(red(case_in_state(ChainTask, "in_progress", world=world, chain=world.wind, title="风红")))
    made["wind_yellow"] = [
        yellow(case_in_state(ChainTask, "in_progress", world=world, chain=world.wind, title=f"风黄{n}"))
        for n in range(2)
    ]
    for number in range(2):
        case = red(case_in_state(ChainTask, "in_progress", world=world, title=f"无链红{number}"))
        made["none_red"].append(_set(case, chain=None))
    return made
