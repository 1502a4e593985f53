"""The engine's public write primitive (``case_write``, ``lock_case``) and ``import_case``, as a kind's
services and the seeds use them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.exceptions import CaseNotFound, VersionConflict
from jinzhou.casework.inputs import end_of_day
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.casework.services import case_write, import_case, lock_case
from tests.world import case_in_state


@pytest.fixture
def task(world):
    return case_in_state(ChainTask, "in_progress", world=world, responsible_person=world.chainlead)


def test_case_write_saves_the_change_with_the_version_and_the_writer(world, task):
    with transaction.atomic(), case_write(task, actor=world.chainlead, version=task.version) as locked:
        locked.progress = 40
    saved = ChainTask.objects.get(pk=task.pk)
    assert (saved.progress, saved.version, saved.updated_by) == (40, task.version + 1, world.chainlead)
    assert saved.history.first().history_user == world.chainlead


def test_case_write_saves_nothing_when_the_block_fails(world, task):
    with pytest.raises(RuntimeError), transaction.atomic(), case_write(task, actor=world.chainlead) as locked:
        locked.progress = 40
        raise RuntimeError("refused half-way")
    saved = ChainTask.objects.get(pk=task.pk)
    assert (saved.progress, saved.version) == (task.progress, task.version)


def test_case_write_refuses_a_stale_version_and_a_case_out_of_scope(world, task):
    stale, ran = task.version - 1, []
    with (
        pytest.raises(VersionConflict, match=task.reference),
        transaction.atomic(),
        case_write(task, actor=world.chainlead, version=stale),
    ):
        ran.append("the block")
    assert ran == []
    with pytest.raises(CaseNotFound), transaction.atomic():
        lock_case(task, actor=world.outsider)
    assert ChainTask.objects.get(pk=task.pk).version == task.version


def test_import_case_enters_a_case_in_its_state_with_its_history(world):
    due = end_of_day(dt.date(2026, 12, 31))
    case = import_case(
        ChainTask,
        state="in_progress",
        history=[{"kind": "created", "to_status": "in_progress", "summary": "迁移自旧系统"}],
        change_reason="migration",
        due_at=due,
        title="旧系统督办事项",
        chain=world.titanium,
        responsible_department=world.miit,
        responsible_person=world.chainlead,
    )
    loaded = ChainTask.objects.get(pk=case.pk)
    assert (loaded.status, loaded.is_open, loaded.due_at, loaded.original_due_at) == ("in_progress", True, due, due)
    assert loaded.warn_at is not None and loaded.next_reminder_at is not None
    assert loaded.reference.startswith("RW-")
    [event] = TimelineEvent.objects.filter(case_id=case.pk)
    assert (event.kind, event.to_status, event.summary) == ("created", "in_progress", "迁移自旧系统")
    assert loaded.history.first().history_change_reason == "migration"


def test_import_case_closes_a_case_in_a_terminal_state_and_refuses_an_unknown_one(world):
    closed = import_case(Bottleneck, state="closed", title="已办结的堵点", chain=world.titanium)
    assert (closed.is_open, closed.closed_at is not None) == (False, True)
    before = Case.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_case(Bottleneck, state="finished", title="未知状态", chain=world.titanium)
    assert "status" in caught.value.message_dict
    assert Case.objects.count() == before
