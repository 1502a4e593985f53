"""Recording a meeting with its decisions: each decision a chain task with a deadline in working
days, the meeting as its source, the lead and co-handling departments told; a bad row refuses all."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.choices import Source
from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.models import CoHandling
from jinzhou.notifications.models import Notification
from meetings.choices import MeetingKind
from meetings.models import Decision, Meeting
from meetings.services import record_meeting
from tests.meetings.conftest import rows
from tests.world import case_in_state


def test_three_decisions_become_three_tasks_due_in_working_days_with_the_meeting_as_source(world, meet):
    meeting = meet(attendees=[world.chainlead], chains=[world.titanium])

    decisions = list(meeting.decisions.select_related("task"))
    assert [d.text for d in decisions] == ["议定事项1", "议定事项2", "议定事项3"]
    assert [d.number for d in decisions] == [1, 2, 3]
    today = timezone.localdate()
    for decision, days in zip(decisions, (5, 10, 15), strict=True):
        task = decision.task
        assert isinstance(task, ChainTask)
        assert task.source == Source.MEETING
        assert timezone.localtime(task.due_at).date() == add_working_days(today, days)
        assert str(meeting) in task.description
        assert task.status == "assigned"
    assert [d.task.responsible_department for d in decisions] == [world.miit, world.mofcom, world.ndrc]
    # 发改委 co-handles the first two; it leads the third, so it does not co-handle that one.
    assert set(CoHandling.objects.filter(department=world.ndrc).values_list("case_id", flat=True)) == {
        decisions[0].task.pk,
        decisions[1].task.pk,
    }


def test_the_lead_and_co_handling_departments_staff_are_told(world, meet):
    meeting = meet()
    first, second, third = meeting.decisions.order_by("number")

    assert Notification.objects.filter(recipient=world.chainlead, case_id=first.task_id).exists()
    assert Notification.objects.filter(recipient=world.otherlead, case_id=second.task_id).exists()
    # 发改委's staff: told of the one it leads and of the two it co-handles.
    told = set(Notification.objects.filter(recipient=world.ndrc_staff).values_list("case_id", flat=True))
    assert told == {first.task_id, second.task_id, third.task_id}
    # Nobody hears of a decision their department has nothing to do with.
    assert not Notification.objects.filter(recipient=world.otherlead, case_id=first.task_id).exists()


def test_a_decision_on_an_existing_bottleneck_is_an_action_under_it(world, meet):
    bottleneck = case_in_state(Bottleneck, "handling", world=world)
    meeting = meet(
        decisions=[{"text": "协调用地", "bottleneck": bottleneck, "department": world.miit, "due_in_working_days": 10}]
    )
    task = meeting.decisions.get().task
    assert task.parent_id == bottleneck.pk
    assert task.chain == bottleneck.chain


def test_a_bad_row_refuses_every_row_and_names_it(world):
    bad = rows(world)
    bad[1]["department"] = None
    bad[2]["due_in_working_days"] = None

    with pytest.raises(ValidationError) as refused:
        record_meeting(actor=world.office, kind=MeetingKind.MONTHLY, date=timezone.localdate(), decisions=bad)

    messages = refused.value.message_dict["decisions"]
    assert messages == [
        "Decision 2: Choose the lead department.",
        "Decision 3: Give a deadline: a number of working days, or a date.",
    ]
    assert not Meeting.objects.exists()
    assert not ChainTask.objects.exists()
    assert not Decision.objects.exists()


def test_only_the_office_records_meetings(world):
    with pytest.raises(ActionRefused):
        record_meeting(actor=world.chainlead, kind=MeetingKind.MONTHLY, date=timezone.localdate(), decisions=[])
    assert not Meeting.objects.exists()


def test_a_meeting_and_a_decision_keep_their_history_with_who_recorded_them(world, meet):
    meeting = meet()
    assert meeting.history.exists()
    assert set(meeting.history.values_list("history_user", flat=True)) == {world.office.pk}
    assert Decision.history.filter(meeting_id=meeting.pk).count() == 3
    assert set(Decision.history.values_list("history_user", flat=True)) == {world.office.pk}
