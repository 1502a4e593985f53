"""A world for the circular: the dashboard's mixed world (red, yellow, green and closed cases on two
chains and without a chain), four more cases of 工信局 closed on time this month (so it is ranked), a
case received last month, and 督办 notices."""

import datetime as dt

import pytest
from django.utils import timezone

from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.models import Case, Escalation, TimelineEvent
from tests.casework.dashboard_world import mixed_world
from tests.circulars.support import this_month
from tests.world import ChainTask, build_world, case_in_state


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def circular_world(world):
    made = mixed_world(world)
    made["miit_closed"] = [case_in_state(ChainTask, "closed", world=world, title=f"钛按期{n}") for n in range(4)]
    # Received last month, still open: counts in the previous period's "received".
    old = case_in_state(ChainTask, "in_progress", world=world, title="上月新收")
    first = this_month().first
    Case.objects.filter(pk=old.pk).update(
        created_at=timezone.now().replace(year=first.year, month=first.month, day=1) - dt.timedelta(days=3)
    )
    made["previous_month"] = old
    # The longest overdue red case: a person responsible and a latest progress line.
    red = made["ti_red"][0]
    Case.objects.filter(pk=red.pk).update(
        responsible_person=world.chainlead, due_at=timezone.now() - dt.timedelta(days=9)
    )
    TimelineEvent.objects.create(case=red, kind="comment", summary="已协调用地，待省厅批复")
    notice = {"level": EscalationLevel.RED, "target": EscalationTarget.DEPARTMENT_HEAD, "target_department": world.miit}
    Escalation.objects.create(case=red, notice_number="T-1", acknowledged_at=timezone.now(), **notice)
    Escalation.objects.create(case=made["ti_red"][1], notice_number="T-2", **notice)
    made["period"] = this_month()
    return made
