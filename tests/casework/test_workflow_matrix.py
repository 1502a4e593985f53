"""Every action, from every state, by every role: allowed, refused (with the right message), or
"not found" for a visitor outside the case's scope.

The expected table below is written out by hand from the issue's description of the workflows,
not derived from the declarations, so a wrong declaration fails here.
"""

import pytest
from django.core.exceptions import ValidationError

from chains.models import Bottleneck, ChainTask
from jinzhou.casework import services
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed
from tests.world import case_in_state

# The case lies on the titanium chain (工信局 leads it), reported by 中信钛业's user. So office,
# leader, taskforce (metals), chainlead (工信局) and enterprise see it; otherlead and outsider don't.
VISIBLE = {"office", "leader", "taskforce", "chainlead", "enterprise"}
ROLES = ("office", "leader", "taskforce", "chainlead", "otherlead", "enterprise", "outsider")

BOTTLENECK_STATES = (
    "draft", "submitted", "returned", "accepted",
    "assigned", "acknowledged", "handling", "resolution_submitted", "closed",
)  # fmt: skip
# action: (states it may be fired from, roles that may fire it, data it needs, state it leads to)
BOTTLENECK_RULES = {
    "submit": ({"draft", "returned"}, {"office", "enterprise"}, {}, "submitted"),
    "accept": ({"submitted"}, {"office"}, {}, "accepted"),
    "return": ({"submitted"}, {"office"}, {"note": "材料不全"}, "returned"),
    "assign": ({"accepted"}, {"office"}, {"department": "miit", "due_in_working_days": 5}, "assigned"),
    "reassign": (
        {"assigned", "acknowledged", "handling"},
        {"office"},
        {"department": "miit", "due_in_working_days": 5, "note": "改派"},
        "assigned",
    ),
    "acknowledge": ({"assigned"}, {"chainlead"}, {}, "acknowledged"),
    "start": ({"acknowledged"}, {"chainlead"}, {}, "handling"),
    "submit_resolution": ({"handling"}, {"chainlead"}, {"resolution": "已协调解决"}, "resolution_submitted"),
    "close": ({"resolution_submitted"}, {"office"}, {}, "closed"),
    "send_back": ({"resolution_submitted"}, {"office"}, {"note": "请补充材料"}, "handling"),
    "reopen": ({"closed"}, {"office"}, {"note": "问题复发"}, "handling"),
}

TASK_STATES = ("assigned", "acknowledged", "in_progress", "submitted", "returned", "closed")
# The task is assigned by the office, so "assigner" is the office user here.
TASK_RULES = {
    "acknowledge": ({"assigned"}, {"chainlead"}, {}, "acknowledged"),
    "start": ({"acknowledged"}, {"chainlead"}, {}, "in_progress"),
    "submit": ({"in_progress", "returned"}, {"chainlead"}, {"note": "已完成"}, "submitted"),
    "close": ({"submitted"}, {"office"}, {}, "closed"),
    "return": ({"submitted"}, {"office"}, {"note": "未达预期"}, "returned"),
    "reassign": (
        {"assigned", "acknowledged", "in_progress", "returned"},
        {"office"},
        {"department": "miit", "due_in_working_days": 5, "note": "改派"},
        "assigned",
    ),
}


def _data(world, data):
    return {key: (getattr(world, value).pk if key == "department" else value) for key, value in data.items()}


def _expected(role, state, rule):
    sources, roles = rule[0], rule[1]
    if role not in VISIBLE:
        return "not_found"
    if state not in sources:
        return "wrong_state"
    return "ok" if role in roles else "refused"


def _fire(model, state, action, role, rule, world):
    case = case_in_state(model, state, world=world)
    try:
        moved = services.transition(case, action, actor=world.users[role], **_data(world, rule[2]))
    except CaseNotFound:
        return "not_found", case, None
    except TransitionNotAllowed as exc:
        return "wrong_state", case, exc
    except ActionRefused as exc:
        return "refused", case, exc
    return "ok", moved, None


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(BOTTLENECK_RULES))
@pytest.mark.parametrize("state", BOTTLENECK_STATES)
def test_bottleneck_matrix(world, state, action):
    rule = BOTTLENECK_RULES[action]
    for role in ROLES:
        outcome, case, error = _fire(Bottleneck, state, action, role, rule, world)
        assert outcome == _expected(role, state, rule), f"{role} firing {action} from {state}"
        case.refresh_from_db()
        if outcome == "ok":
            assert case.status == rule[3]
            assert case.events.filter(action=action, from_status=state, to_status=rule[3]).exists()
        else:
            assert case.status == state, "a refused action changes nothing"
            assert not case.events.exists()
        if outcome == "wrong_state":
            assert case.reference in error.message and "只有" not in error.message
        if outcome == "refused":
            assert case.reference in error.message


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(TASK_RULES))
@pytest.mark.parametrize("state", TASK_STATES)
def test_chain_task_matrix(world, state, action):
    rule = TASK_RULES[action]
    for role in ROLES:
        outcome, case, _error = _fire(ChainTask, state, action, role, rule, world)
        assert outcome == _expected(role, state, rule), f"{role} firing {action} from {state}"
        case.refresh_from_db()
        assert case.status == (rule[3] if outcome == "ok" else state)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "missing"),
    [
        ("submitted", "return", "note"),
        ("accepted", "assign", "department"),
        ("accepted", "assign", "due_date"),
        ("handling", "submit_resolution", "resolution"),
        ("resolution_submitted", "send_back", "note"),
        ("closed", "reopen", "note"),
    ],
)
def test_required_inputs_are_named_and_nothing_changes(world, state, action, missing):
    case = case_in_state(Bottleneck, state, world=world)
    data = _data(world, BOTTLENECK_RULES[action][2])
    data.pop(missing, None)
    if missing == "due_date":
        data.pop("due_in_working_days")
    actor = world.chainlead if action == "submit_resolution" else world.office
    with pytest.raises(ValidationError) as caught:
        services.transition(case, action, actor=actor, **data)
    assert missing in caught.value.message_dict
    assert all(message.strip() for message in caught.value.message_dict[missing])
    case.refresh_from_db()
    assert case.status == state
    assert case.version == 1


@pytest.mark.django_db
def test_unknown_action_is_refused_with_its_name(world):
    case = case_in_state(Bottleneck, "draft", world=world)
    with pytest.raises(TransitionNotAllowed, match="fly"):
        services.transition(case, "fly", actor=world.office)


@pytest.mark.django_db
def test_a_past_deadline_is_refused(world):
    case = case_in_state(Bottleneck, "accepted", world=world)
    with pytest.raises(ValidationError) as caught:
        services.transition(case, "assign", actor=world.office, department=world.miit.pk, due_date="2020-01-01")
    assert "2020-01-01" in caught.value.message_dict["due_date"][0]


@pytest.mark.django_db
def test_available_transitions_are_what_the_buttons_show(world):
    submitted = case_in_state(Bottleneck, "submitted", world=world)
    assert [t.action for t in services.available_transitions(submitted, world.office)] == ["accept", "return"]
    assert services.available_transitions(submitted, world.chainlead) == []
    handling = case_in_state(Bottleneck, "handling", world=world)
    assert [t.action for t in services.available_transitions(handling, world.chainlead)] == ["submit_resolution"]
