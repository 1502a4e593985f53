"""Where each kind's states fall in 我的待办, read off the workflows: every kind, not only the chains'."""

import pytest

from jinzhou.casework.kinds import get_kind
from jinzhou.portal import queues


def states(kind: str, relations) -> dict[str, set[str]]:
    found = queues._states_for(get_kind(kind).workflow, relations)
    return {
        "acknowledge": set(found.acknowledge),
        "in_hand": set(found.forward - found.acknowledge),
        "submitted": set(found.submitted),
    }


@pytest.mark.parametrize(
    ("kind", "relations", "expected"),
    [
        (
            "bottleneck",
            queues.AS_DEPARTMENT,
            {
                "acknowledge": {"assigned"},
                "in_hand": {"acknowledged", "handling"},
                "submitted": {"resolution_submitted"},
            },
        ),
        (
            "bottleneck",
            queues.AS_REPORTER,
            {"acknowledge": set(), "in_hand": {"draft", "returned"}, "submitted": {"submitted"}},
        ),
        (
            "task",
            queues.AS_PERSON,
            {
                "acknowledge": {"assigned"},
                "in_hand": {"acknowledged", "in_progress", "returned"},
                "submitted": {"submitted"},
            },
        ),
        (
            "milestone",
            queues.AS_REPORTER,
            {"acknowledge": set(), "in_hand": {"open", "returned"}, "submitted": {"submitted"}},
        ),
        (
            "alliance",
            queues.AS_REPORTER,
            {"acknowledge": set(), "in_hand": {"draft", "returned"}, "submitted": {"applied"}},
        ),
        (
            "alliance_evaluation",
            queues.AS_REPORTER,
            {"acknowledge": set(), "in_hand": {"self_assessment", "returned"}, "submitted": {"submitted"}},
        ),
        (
            "alliance_evaluation",
            queues.AS_DEPARTMENT,
            {"acknowledge": set(), "in_hand": {"submitted", "first_reviewed", "second_reviewed"}, "submitted": set()},
        ),
    ],
)
def test_each_kind_puts_its_states_in_the_right_section(kind, relations, expected):
    assert states(kind, relations) == expected


def test_the_bureau_handles_every_running_state_of_its_challenges_and_investment_projects():
    challenge = states("challenge", queues.AS_DEPARTMENT)
    assert challenge["in_hand"] >= {"draft", "published", "applications_closed", "under_review", "in_progress"}
    assert challenge["submitted"] == set() and challenge["acknowledge"] == set()
    investment = states("investment", queues.AS_DEPARTMENT)
    assert investment["in_hand"] >= {"pitched", "negotiating", "signed", "started", "completed"}


def test_the_office_and_the_assigner_decide_only_what_nobody_else_moves_on():
    assert queues._decided_by("office") == {
        ("bottleneck", "submitted"),
        ("bottleneck", "accepted"),
        ("bottleneck", "resolution_submitted"),
        ("chain_report", "submitted"),
        ("task", "submitted"),
    }
    assert queues._decided_by("assigner") == {("task", "submitted")}
