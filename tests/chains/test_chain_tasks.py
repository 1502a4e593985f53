"""Chain tasks' progress reports: when the next one falls due, and that a missing one is late."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import ChainTask
from chains.services import create_chain_task, report_progress
from jinzhou.casework.choices import Light
from jinzhou.casework.models import Case
from jinzhou.casework.services import transition, update_case
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def started_task(world, cadence: str) -> ChainTask:
    task = create_chain_task(
        actor=world.office,
        title="扩产督办",
        chain=world.titanium,
        department=world.miit,
        due_in_working_days=40,
        report_cadence=cadence,
    )
    task = transition(task, "acknowledge", actor=world.chainlead)
    return transition(task, "start", actor=world.chainlead)


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def test_starting_work_sets_the_first_report_one_cadence_later_on_a_working_day(world):
    from jinzhou.casework.deadlines import is_working_day

    task = started_task(world, "weekly")
    started = local_day(task.updated_at)
    due = local_day(task.report_due_at)
    assert 7 <= (due - started).days <= 7 + 9  # a week on, pushed past a holiday at most
    assert is_working_day(due)


def test_a_report_moves_the_next_due_date_and_remembers_the_one_it_met(world):
    task = started_task(world, "weekly")
    first_due = task.report_due_at
    report = report_progress(task, actor=world.chainlead, percent=30, text="设备已进场")
    task.refresh_from_db()
    assert report.was_due_at == first_due
    assert task.progress == 30
    assert task.report_due_at >= first_due


def test_a_missing_report_turns_the_task_red_before_its_deadline(world):
    task = started_task(world, "weekly")
    later = task.report_due_at + dt.timedelta(minutes=1)
    assert task.due_at > later
    light = Case.objects.with_light(now=later).get(pk=task.pk).light
    assert light == Light.RED


def test_changing_the_cadence_reschedules_the_next_report(world):
    task = started_task(world, "monthly")
    monthly_due = task.report_due_at
    task = update_case(task, actor=world.office, report_cadence="weekly")
    assert task.report_due_at < monthly_due
    assert (local_day(task.report_due_at) - local_day(task.acknowledged_at)).days <= 7 + 9


def test_changing_the_cadence_before_work_starts_sets_no_report_date(world):
    task = create_chain_task(
        actor=world.office,
        title="未开工",
        chain=world.titanium,
        department=world.miit,
        due_in_working_days=20,
        report_cadence="monthly",
    )
    task = update_case(task, actor=world.office, report_cadence="weekly")
    assert task.report_due_at is None
