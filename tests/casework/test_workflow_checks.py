"""The system check of the declared workflows: each mistake a declaration can make is reported when
the server starts (``manage.py check``), with its own id, and the project's own workflows pass."""

import pytest
from django.core.checks import run_checks

from jinzhou.casework import kinds
from jinzhou.casework.checks import check_workflow
from jinzhou.casework.workflows import State, Transition, Workflow


def workflow(*, states=None, transitions=None, **fields) -> Workflow:
    """A small sound workflow (open → done, reopened by the office), with the parts a test breaks."""
    return Workflow(
        kind="sample",
        initial="open",
        states=states
        or (
            State("open", "Open", allows={"progress_report"}),
            State("done", "Done", terminal=True),
        ),
        transitions=transitions
        or (
            Transition("finish", "Finish", ("open",), "done", ("responsible",), effects=("close",)),
            Transition("reopen", "Reopen", ("done",), "open", ("office",), effects=("reopen",)),
        ),
        deadline_states=fields.pop("deadline_states", ("open",)),
        **fields,
    )


def error_ids(flow: Workflow) -> list[str]:
    return sorted(error.id for error in check_workflow(flow))


def test_the_projects_workflows_pass_the_check():
    assert run_checks(tags=["casework"]) == []


def test_a_sound_workflow_has_no_error():
    assert error_ids(workflow()) == []


def test_an_actor_nobody_can_be_is_E001():
    flow = workflow(
        transitions=(Transition("finish", "Finish", ("open",), "done", ("responsibel",), effects=("close",)),)
    )
    assert error_ids(flow) == ["casework.E001"]
    assert "responsibel" in check_workflow(flow)[0].msg


def test_an_effect_nobody_registered_is_E002():
    flow = workflow(
        transitions=(Transition("finish", "Finish", ("open",), "done", ("office",), effects=("close", "confetti")),)
    )
    assert error_ids(flow) == ["casework.E002"]


def test_a_step_that_ends_the_case_without_closing_it_is_E003():
    flow = workflow(transitions=(Transition("finish", "Finish", ("open",), "done", ("office",)),))
    assert error_ids(flow) == ["casework.E003"]


def test_a_state_no_step_leads_to_is_E004():
    flow = workflow(
        states=(State("open", "Open"), State("limbo", "Limbo"), State("done", "Done", terminal=True)),
        transitions=(Transition("finish", "Finish", ("open", "limbo"), "done", ("office",), effects=("close",)),),
    )
    assert error_ids(flow) == ["casework.E004"]
    assert "limbo" in check_workflow(flow)[0].msg


def test_an_operation_nobody_declared_is_E005():
    flow = workflow(
        states=(State("open", "Open", allows={"progres_report"}), State("done", "Done", terminal=True)),
    )
    assert error_ids(flow) == ["casework.E005"]
    # A kind's own operation is fine once the workflow declares it.
    declared = workflow(
        states=(State("open", "Open", allows={"tasting"}), State("done", "Done", terminal=True)),
        operations=("tasting",),
    )
    assert error_ids(declared) == []


def test_a_deadline_state_that_is_not_a_state_is_E006():
    assert error_ids(workflow(deadline_states=("opne",))) == ["casework.E006"]


def test_leaving_a_terminal_state_without_reopening_is_E007():
    flow = workflow(
        transitions=(
            Transition("finish", "Finish", ("open",), "done", ("office",), effects=("close",)),
            Transition("reopen", "Reopen", ("done",), "open", ("office",)),
        )
    )
    assert error_ids(flow) == ["casework.E007"]


def test_a_broken_registered_kind_fails_the_start_up_check(monkeypatch):
    broken = workflow(transitions=(Transition("finish", "Finish", ("open",), "done", ("office",)),))
    real = kinds.get_kind("bottleneck")
    monkeypatch.setitem(kinds._KINDS, "sample", kinds.KindSpec("sample", "Sample", "ZZ", real.model, broken))
    assert [error.id for error in run_checks(tags=["casework"])] == ["casework.E003"]


@pytest.mark.parametrize("operation", ["comment", "progress_report"])
def test_asking_a_workflow_about_an_operation_it_never_declared_is_a_bug(operation):
    flow = workflow()
    assert flow.allows("open", operation)
    with pytest.raises(LookupError):
        flow.allows("open", "tasting")
