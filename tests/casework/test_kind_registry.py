"""What a kind hands the engine through its registration: its drafts and its own effects."""

import pytest

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.kinds import KindSpec, get_kind, register_kind
from jinzhou.casework.models import Case
from jinzhou.casework.workflows import State, Transition, Workflow
from tests.world import case_in_state


@pytest.mark.django_db
def test_a_reporter_edits_their_case_only_while_its_workflow_calls_it_a_draft(world):
    draft = case_in_state(Bottleneck, "draft", world=world)
    submitted = case_in_state(Bottleneck, "submitted", world=world)
    # A chain task starts in "assigned", its initial state, which is no draft: its reporter cannot edit it.
    task = case_in_state(ChainTask, "assigned", world=world)
    editable = set(Case.objects.editable_by(world.enterprise).values_list("pk", flat=True))
    assert editable == {draft.pk}
    assert {submitted.pk, task.pk} <= set(Case.objects.editable_by(world.office).values_list("pk", flat=True))


def test_a_kind_whose_workflow_names_an_effect_nobody_has_is_refused_at_start_up():
    """Not when a clerk first presses the button: the typo stops the app from starting."""
    workflow = Workflow(
        kind="typo",
        initial="open",
        states=(State("open", "open"), State("closed", "closed", terminal=True)),
        transitions=(Transition("close", "close", ("open",), "closed", ("office",), (), ("close", "clsoe")),),
    )
    with pytest.raises(ValueError, match="clsoe"):
        register_kind(KindSpec("typo", "typo", "TY", Bottleneck, workflow))
    with pytest.raises(LookupError):
        get_kind("typo")


def test_a_kinds_own_effects_stay_its_own():
    # The engine finds "resolution" (a bottleneck's field) through the bottleneck's registration only.
    assert "resolution" in get_kind("bottleneck").effects
    assert "resolution" not in get_kind("task").effects
    assert "progress_cycle" in get_kind("task").effects
