"""The rates by department (docs/metrics.md): a case waiting for the office's decision counts against
the office, and the time it waits does not make the department late."""

import datetime as dt

from django.utils import timezone

from chains.models import Bottleneck
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.casework.reports import department_rates
from jinzhou.casework.services import request_extension, transition
from jinzhou.casework.tallies import fill_handed_in_at
from tests.world import case_in_state


def rates_by_name(user):
    return {row.department: row for row in department_rates(Case.objects.visible_to(user))}


def test_overdue_while_waiting_for_the_office_counts_for_the_office(world):
    case_in_state(Bottleneck, "resolution_submitted", world=world, due_in_days=-3)
    case_in_state(Bottleneck, "handling", world=world, due_in_days=-3)
    case_in_state(Bottleneck, "handling", world=world, due_in_days=20)

    rates = rates_by_name(world.office)

    office, miit = rates["领导小组办公室"], rates["工信局"]
    assert (office.open_overdue, office.open_with_deadline) == (1, 1)
    assert (miit.open_overdue, miit.open_with_deadline, miit.overdue_rate) == (1, 2, 50)


def test_a_pending_extension_waits_for_the_office(world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=3)
    later = timezone.localtime(case.due_at).date() + dt.timedelta(days=20)
    request_extension(case, actor=world.chainlead, new_due_date=later, reason="设备晚到")

    rates = rates_by_name(world.office)

    assert rates["领导小组办公室"].open_with_deadline == 1
    assert "工信局" not in rates


def test_time_waiting_for_the_decision_does_not_make_the_department_late(world):
    on_time = case_in_state(Bottleneck, "handling", world=world, due_in_days=2)
    on_time = transition(on_time, "submit_resolution", actor=world.chainlead, resolution="已解决")
    transition(on_time, "close", actor=world.office)
    late = case_in_state(Bottleneck, "handling", world=world, due_in_days=2)
    late = transition(late, "submit_resolution", actor=world.chainlead, resolution="已解决")
    transition(late, "close", actor=world.office)
    # Both closed a week after the original deadline; only ``late`` was also handed in after it.
    for case in (on_time, late):
        case.refresh_from_db()
        Case.objects.filter(pk=case.pk).update(closed_at=case.original_due_at + dt.timedelta(days=7))
    late.events.filter(action="submit_resolution").update(at=late.original_due_at + dt.timedelta(days=6))
    # The rewritten timeline's hand-in, as the migration reads it into ``Case.handed_in_at``.
    fill_handed_in_at(Case, TimelineEvent, Case.objects.filter(pk__in=[on_time.pk, late.pk]))

    miit = rates_by_name(world.office)["工信局"]

    assert (miit.closed_on_time, miit.closed_with_deadline, miit.on_time_rate) == (1, 2, 50)
