"""What a case takes besides its transitions, by state (``State.allows`` and the engine's defaults):
the service refuses what its workflow does not allow, and the ``may_<operation>`` the admin and the
portal ask agrees with what the service then does."""

import datetime as dt

import pytest
from django.db import transaction

from alliances.workflows import ALLIANCE
from chains.models import Bottleneck, ChainTask
from chains.services import may_report_progress, report_progress
from chains.workflows import BOTTLENECK, CHAIN_TASK
from jinzhou.casework.exceptions import CaseError, TransitionNotAllowed
from jinzhou.casework.services import (
    add_co_handler,
    escalate,
    give_co_handling_feedback,
    may_add_co_handler,
    may_escalate,
    may_request_extension,
    request_extension,
)
from tests.world import case_in_state


def test_the_engines_defaults_by_state():
    assert BOTTLENECK.operations_in("draft") == {"comment", "attachment", "co_handling", "escalation"}
    assert "extension_request" in BOTTLENECK.operations_in("handling")
    # A closed case still takes comments and files, nothing else.
    assert BOTTLENECK.operations_in("closed") == {"comment", "attachment"}
    assert CHAIN_TASK.states_allowing("progress_report") == ("acknowledged", "in_progress", "returned")
    assert ALLIANCE.states_allowing("evaluation_opening") == ("provincial", "typical")


def _succeeds(call) -> bool:
    try:
        with transaction.atomic():
            call()
    except CaseError:
        return False
    return True


@pytest.mark.parametrize("status", [state.code for state in CHAIN_TASK.states])
@pytest.mark.parametrize("who", ["chainlead", "office", "enterprise"])
def test_may_report_progress_is_what_report_progress_does(world, status, who):
    task = case_in_state(ChainTask, status, world=world)
    task.enterprises.add(world.citic)
    user = getattr(world, who)
    offered = may_report_progress(task, user)
    assert offered == _succeeds(lambda: report_progress(task, actor=user, percent=30, text="进展"))
    assert offered == (who == "chainlead" and status in ("acknowledged", "in_progress", "returned"))


@pytest.mark.parametrize("status", [state.code for state in BOTTLENECK.states])
@pytest.mark.parametrize("who", ["chainlead", "office", "enterprise"])
def test_may_request_extension_is_what_request_extension_does(world, status, who):
    case = case_in_state(Bottleneck, status, world=world, due_in_days=10)
    user = getattr(world, who)
    later = dt.date.today() + dt.timedelta(days=40)
    offered = may_request_extension(case, user)
    asked = _succeeds(lambda: request_extension(case, actor=user, new_due_date=later, reason="设备到货推迟"))
    assert offered == asked
    # One request at a time: once one waits, nobody is offered another.
    if asked:
        assert not may_request_extension(case, user)


@pytest.mark.parametrize("status", ["handling", "closed"])
def test_co_handling_and_notices_only_while_the_case_is_open(world, status):
    case = case_in_state(Bottleneck, status, world=world)
    assert may_add_co_handler(case, world.office) == (status == "handling")
    assert may_escalate(case, world.office) == (status == "handling")
    if status == "handling":
        add_co_handler(case, actor=world.office, department=world.mofcom)
        escalate(case, actor=world.office, level=1, target="department_head", reason="逾期")
        return
    with pytest.raises(TransitionNotAllowed):
        add_co_handler(case, actor=world.office, department=world.mofcom)
    with pytest.raises(TransitionNotAllowed):
        escalate(case, actor=world.office, level=1, target="department_head", reason="逾期")
    assert not case.co_handlings.exists() and not case.escalations.exists()


def test_no_co_handling_feedback_once_the_case_is_closed(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    co_handling = add_co_handler(case, actor=world.office, department=world.mofcom)
    from jinzhou.casework.services import transition

    case.refresh_from_db()
    transition(case, "submit_resolution", actor=world.chainlead, resolution="已协调")
    transition(Bottleneck.objects.get(pk=case.pk), "close", actor=world.office)

    with pytest.raises(TransitionNotAllowed):
        give_co_handling_feedback(co_handling, actor=world.otherlead, text="已配合")
    co_handling.refresh_from_db()
    assert co_handling.feedback == ""
