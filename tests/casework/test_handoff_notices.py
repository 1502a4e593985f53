"""Every handoff tells the next person: who gets a notice when a case moves, and what it says.

The world (tests/world.py): ``office`` runs cases, ``chainlead`` is 工信局 staff (the titanium chain's
leader department), ``enterprise`` is the reporter (中信钛业), ``otherlead`` (商务局) and ``outsider``
are outside the case unless a test puts them in.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework import services as casework
from jinzhou.casework.models import CoHandling, HandoffRule, TimelineEvent
from jinzhou.casework.services.cohandling import add_co_handler
from jinzhou.casework.services.supervision import decide_extension, request_extension
from jinzhou.notifications.models import Delivery, Notification
from tests.world import case_in_state, make_user

pytestmark = pytest.mark.django_db


def told(case=None) -> set[str]:
    """The user names that received a handoff notice (of ``case``)."""
    rows = Notification.objects.filter(step__startswith="event:")
    if case is not None:
        rows = rows.filter(case_id=case.pk)
    return set(rows.values_list("recipient__username", flat=True))


def notice_to(user, case) -> Notification:
    return Notification.objects.get(recipient=user, case_id=case.pk, step__startswith="event:")


def name(user, full: str) -> None:
    user.last_name, user.first_name = full[0], full[1:]
    user.save()


def test_submitting_a_bottleneck_tells_the_office_only(world):
    case = case_in_state(Bottleneck, "draft", world=world)
    casework.transition(case, "submit", actor=world.enterprise)
    assert told(case) == {"office"}


def test_assigning_tells_the_responsible_department_and_person_not_the_actor(world):
    colleague = make_user("colleague", "chain_leader", department=world.miit)
    case = case_in_state(Bottleneck, "accepted", world=world)
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    casework.transition(
        case, "assign", actor=world.office, department=world.miit.pk, person=colleague.pk, due_date=due, note="请尽快"
    )
    assert told(case) == {"chainlead", "colleague"}
    # Once per recipient, though the colleague is both the responsible person and department staff.
    assert Notification.objects.filter(recipient=colleague, case_id=case.pk).count() == 1


def test_returning_tells_the_reporter_and_the_enterprise_with_the_reason(world):
    teammate = make_user("teammate", "chain_owner", enterprise=world.citic)
    case = case_in_state(Bottleneck, "submitted", world=world)
    casework.transition(case, "return", actor=world.office, note="材料不全，请补充营业执照")
    assert told(case) == {"enterprise", "teammate"}
    assert "理由：材料不全，请补充营业执照" in notice_to(teammate, case).body
    # What is expected of them next: put it forward again.
    assert "下一步：上报" in notice_to(teammate, case).body


def test_submitting_a_resolution_tells_the_office(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.transition(case, "submit_resolution", actor=world.chainlead, resolution="已协调解决")
    assert told(case) == {"office"}


def test_a_chain_task_submitted_tells_its_assigner(world):
    assigner = make_user("assigner", "task_force_leader")
    case = case_in_state(ChainTask, "in_progress", world=world, assigned_by=assigner)
    casework.transition(case, "submit", actor=world.chainlead, note="已完成")
    assert told(case) == {"assigner"}


def test_sending_back_tells_the_responsible_department_with_the_reason(world):
    case = case_in_state(Bottleneck, "resolution_submitted", world=world)
    casework.transition(case, "send_back", actor=world.office, note="缺少现场照片")
    assert told(case) == {"chainlead"}
    assert "缺少现场照片" in notice_to(world.chainlead, case).body


def test_closing_tells_reporter_enterprise_and_co_handlers_not_outsiders(world):
    case = case_in_state(Bottleneck, "resolution_submitted", world=world)
    CoHandling.objects.create(case=case, department=world.mofcom)
    casework.transition(case, "close", actor=world.office, note="办结")
    assert told(case) == {"enterprise", "otherlead", "chainlead"}
    assert "outsider" not in told(case) and "office" not in told(case)


def test_a_task_created_already_assigned_tells_its_department(world):
    from chains.services import create_chain_task

    task = create_chain_task(
        actor=world.office,
        chain=world.titanium,
        title="编制钛产业链招商图谱",
        department=world.miit,
        due_date=(timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    )
    assert told(task) == {"chainlead"}
    assert "签收" in notice_to(world.chainlead, task).body


def test_an_extension_request_tells_the_decider_and_the_decision_the_requester(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    new_due = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    extension = request_extension(case, actor=world.chainlead, new_due_date=new_due, reason="设备到货推迟")
    assert told(case) == {"office"}
    assert "设备到货推迟" in notice_to(world.office, case).body
    Notification.objects.all().delete()
    decide_extension(extension, actor=world.office, approve=True)
    assert told(case) == {"chainlead"}


def test_an_inactive_assigner_leaves_the_extension_to_the_office(world):
    assigner = make_user("assigner", "task_force_leader")
    case = case_in_state(ChainTask, "in_progress", world=world, assigned_by=assigner)
    new_due = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    request_extension(case, actor=world.chainlead, new_due_date=new_due, reason="原因")
    assert told(case) == {"assigner"}
    Notification.objects.all().delete()
    case.extensions.all().delete()
    assigner.is_active = False
    assigner.save()
    request_extension(case, actor=world.chainlead, new_due_date=new_due, reason="原因")
    assert told(case) == {"office"}


def test_a_comment_tells_everyone_on_the_case_but_its_author(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    CoHandling.objects.create(case=case, department=world.mofcom)
    casework.add_comment(case, actor=world.chainlead, text="下周现场办公")
    assert told(case) == {"enterprise", "otherlead", "office"}
    assert "下周现场办公" in notice_to(world.enterprise, case).body


def test_co_handling_added_tells_that_department_and_its_feedback_the_responsible(world):
    from jinzhou.casework.services.cohandling import give_co_handling_feedback

    case = case_in_state(Bottleneck, "handling", world=world)
    co_handling = add_co_handler(case, actor=world.chainlead, department=world.mofcom)
    assert told(case) == {"otherlead"}
    assert "协办反馈" in notice_to(world.otherlead, case).body or "feedback" in notice_to(world.otherlead, case).body
    Notification.objects.all().delete()
    give_co_handling_feedback(co_handling, actor=world.otherlead, text="已对接")
    assert told(case) == {"chainlead"}


def test_a_progress_report_tells_the_assigner(world):
    from chains.services import report_progress

    assigner = make_user("assigner", "task_force_leader")
    case = case_in_state(ChainTask, "in_progress", world=world, assigned_by=assigner)
    report_progress(case, actor=world.chainlead, percent=40, text="完成选址")
    assert told(case) == {"assigner"}


def test_the_message_names_the_actor_by_name_and_unit_and_the_next_step_with_its_deadline(world):
    name(world.office, "王磊")
    world.office.profile.department.short_name = "办公室"
    world.office.profile.department.save()
    case = case_in_state(Bottleneck, "accepted", world=world)
    due = timezone.localdate() + dt.timedelta(days=20)
    casework.transition(case, "assign", actor=world.office, department=world.miit.pk, due_date=due.isoformat())
    notice = notice_to(world.chainlead, case)
    assert "王磊（办公室）" in notice.body
    assert "office" not in notice.body
    case.refresh_from_db()
    assert f"下一步：签收（截止 {timezone.localtime(case.due_at):%Y-%m-%d}）" in notice.body
    assert case.reference in notice.title


def test_a_disabled_rule_silences_and_an_edited_rule_changes_who_is_told(world):
    HandoffRule.objects.create(kind="bottleneck", event="transition:submit", enabled=False, recipients=["office"])
    HandoffRule.objects.create(kind="bottleneck", event="transition:return", recipients=["responsible_department"])
    first = case_in_state(Bottleneck, "draft", world=world)
    casework.transition(first, "submit", actor=world.enterprise)
    assert told(first) == set()
    second = case_in_state(Bottleneck, "submitted", world=world, responsible_department=world.mofcom)
    casework.transition(second, "return", actor=world.office, note="退回")
    assert told(second) == {"otherlead"}


def test_a_muted_category_gets_no_email_but_keeps_the_in_app_notice(world, settings):
    from jinzhou.notifications.services import set_muted_categories

    settings.NOTIFICATIONS_EMAIL = True
    settings.NOTIFICATIONS_QUIET_HOURS = False
    world.chainlead.email = "chainlead@example.org"
    world.chainlead.save()
    world.enterprise.email = "e@example.org"
    world.enterprise.save()
    set_muted_categories(["comment"], actor=world.chainlead)
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.office, text="请反馈")
    muted = notice_to(world.chainlead, case)
    assert not Delivery.objects.filter(notification=muted, channel="email").exists()
    assert Delivery.objects.filter(notification=notice_to(world.enterprise, case), channel="email").exists()
    # Muting comments does not mute status changes.
    case = casework.transition(case, "submit_resolution", actor=world.chainlead, resolution="已解决")
    casework.transition(case, "send_back", actor=world.office, note="补充")
    sent_back = Notification.objects.get(recipient=world.chainlead, title__contains="退办")
    assert Delivery.objects.filter(notification=sent_back, channel="email").exists()


def test_a_rolled_back_transition_leaves_no_notice_and_queues_nothing(world, django_capture_on_commit_callbacks):
    case = case_in_state(Bottleneck, "draft", world=world)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        casework.transition(case, "submit", actor=world.enterprise)
        assert told(case) == {"office"}
        raise RuntimeError("the request failed after the transition")
    assert told(case) == set()
    assert callbacks == []
    assert not TimelineEvent.objects.filter(case_id=case.pk, kind="transition").exists()


def test_imported_history_tells_nobody(world):
    case_in_state(Bottleneck, "handling", world=world, history=[{"kind": "comment", "summary": "旧留言"}])
    assert told() == set()


def test_the_e_mail_is_queued_only_once_the_transition_commits(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from jinzhou import queueing

    settings.NOTIFICATIONS_EMAIL = True
    settings.NOTIFICATIONS_QUIET_HOURS = False
    world.office.email = "office@example.org"
    world.office.save()
    queued = []
    monkeypatch.setattr(queueing, "enqueue", lambda name, args=(), kwargs=None: queued.append((name, args)) or True)
    case = case_in_state(Bottleneck, "draft", world=world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        casework.transition(case, "submit", actor=world.enterprise)
        # Written with the transition, but nothing leaves before the commit.
        notice = notice_to(world.office, case)
        assert Delivery.objects.filter(notification=notice, channel="email").exists()
        assert queued == []
    assert callbacks
    assert ("jinzhou.notifications.tasks.deliver", [[notice.pk]]) in queued
