"""Every action of an alliance and of an evaluation, from every state, by every role: allowed,
refused, wrong state, or "not found" for anyone outside the alliance's scope.

The expected tables are written out by hand from the issue, not derived from the declarations.
The alliance is 莱茵动力's; ``rhein`` is its lead member's user (and the evaluation's contact
person), ``shengong`` leads another alliance, ``chainlead``/``taskforce``/``enterprise``/``outsider``
are the ordinary org chart, who must not even see it.
"""

import pytest
from django.core.exceptions import ValidationError

from jinzhou.casework import services
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed
from tests.alliances.support import alliance_in_state, evaluation_in_state

ROLES = ("office", "leader", "bureau", "rhein", "shengong", "chainlead", "taskforce", "enterprise", "outsider")
VISIBLE = {"office", "leader", "bureau", "rhein"}
CITY = {"office", "bureau"}

ALLIANCE_STATES = ("draft", "applied", "returned", "recommended", "provincial", "declined", "typical", "dissolved")
ALLIANCE_RULES = {
    "submit": ({"draft", "returned"}, CITY | {"rhein"}, {}, "applied"),
    "recommend": ({"applied"}, CITY, {}, "recommended"),
    "return": ({"applied"}, CITY, {"note": "合作协议缺少知识产权条款"}, "returned"),
    "approve": (
        {"recommended"},
        CITY,
        {"approved_on": "2021-12-20", "approval_document": "辽科发〔2021〕1号"},
        "provincial",
    ),
    "decline": ({"recommended"}, CITY, {"note": "未获省科技厅批准"}, "declined"),
    "select_typical": ({"provincial"}, CITY, {"batch": "2022年第一批"}, "typical"),
    "dissolve": ({"provincial", "typical"}, CITY, {"note": "协议到期不再续签"}, "dissolved"),
}

EVALUATION_STATES = ("self_assessment", "submitted", "returned", "first_reviewed", "second_reviewed", "final")
EVALUATION_RULES = {
    "submit": ({"self_assessment", "returned"}, {"office", "rhein"}, {}, "submitted"),
    "first_review": ({"submitted"}, CITY, {}, "first_reviewed"),
    "return": ({"submitted", "first_reviewed"}, CITY, {"note": "请补充证明材料", "due_in_working_days": 5}, "returned"),
    "second_review": ({"first_reviewed"}, CITY, {}, "second_reviewed"),
    "send_back": ({"second_reviewed"}, CITY, {"note": "请复核绩效得分"}, "first_reviewed"),
    "panel_review": ({"second_reviewed"}, CITY, {}, "final"),
}


def _expected(role, state, rule):
    if role not in VISIBLE:
        return "not_found"
    if state not in rule[0]:
        return "wrong_state"
    return "ok" if role in rule[1] else "refused"


def _fire(case, action, actor, data):
    try:
        moved = services.transition(case, action, actor=actor, **data)
    except CaseNotFound:
        return "not_found", None
    except TransitionNotAllowed:
        return "wrong_state", None
    except ActionRefused as exc:
        assert case.reference in exc.message
        return "refused", None
    return "ok", moved


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ALLIANCE_RULES))
@pytest.mark.parametrize("state", ALLIANCE_STATES)
def test_alliance_matrix(aw, state, action):
    rule = ALLIANCE_RULES[action]
    for role in ROLES:
        case = alliance_in_state(aw, state)
        outcome, _moved = _fire(case, action, aw.users[role], rule[2])
        assert outcome == _expected(role, state, rule), f"{role} firing {action} from {state}"
        case.refresh_from_db()
        if outcome == "ok":
            assert case.status == rule[3]
            assert case.events.filter(action=action, from_status=state, to_status=rule[3]).exists()
        else:
            assert case.status == state, "a refused action changes nothing"
            assert not case.events.filter(kind="transition").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(EVALUATION_RULES))
@pytest.mark.parametrize("state", EVALUATION_STATES)
def test_evaluation_matrix(aw, state, action):
    rule = EVALUATION_RULES[action]
    alliance = alliance_in_state(aw, "typical")
    for year, role in enumerate(ROLES, start=2020):
        case = evaluation_in_state(aw, state, alliance=alliance, year=year)
        outcome, _moved = _fire(case, action, aw.users[role], rule[2])
        assert outcome == _expected(role, state, rule), f"{role} firing {action} from {state}"
        case.refresh_from_db()
        assert case.status == (rule[3] if outcome == "ok" else state)


@pytest.mark.django_db
def test_each_step_of_the_alliance_is_dated_with_its_document(aw):
    case = alliance_in_state(aw, "recommended")
    case = services.transition(
        case, "approve", actor=aw.bureau, approved_on="2021-12-20", approval_document="辽科发〔2021〕1号"
    )
    case = services.transition(case, "select_typical", actor=aw.bureau, batch="2022年第一批", selected_on="2022-06-30")
    assert (str(case.approved_on), case.approval_document) == ("2021-12-20", "辽科发〔2021〕1号")
    assert (case.typical_batch, str(case.typical_selected_on)) == ("2022年第一批", "2022-06-30")
    # Approved alliances are not open work: no light but grey, nothing for the reminders.
    assert case.is_open is False


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_the_provinces_answer_closes_the_alliance_case_with_its_date(aw, action):
    case = alliance_in_state(aw, "recommended")
    data = ALLIANCE_RULES[action][2]
    case = services.transition(case, action, actor=aw.bureau, **data)
    # Approved or declined, the case is closed then, for the record and the closing-rate report.
    assert case.is_open is False
    assert case.closed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "data", "missing"),
    [
        ("applied", "return", {}, "note"),
        ("recommended", "approve", {}, "approved_on"),
        ("provincial", "select_typical", {}, "batch"),
        ("typical", "dissolve", {}, "note"),
        ("recommended", "approve", {"approved_on": "2999-01-01"}, "approved_on"),
    ],
)
def test_missing_or_impossible_inputs_are_named_and_nothing_changes(aw, state, action, data, missing):
    case = alliance_in_state(aw, state)
    with pytest.raises(ValidationError) as caught:
        services.transition(case, action, actor=aw.bureau, **data)
    assert missing in caught.value.message_dict
    case.refresh_from_db()
    assert (case.status, case.version) == (state, 1)


@pytest.mark.django_db
def test_dissolving_ends_the_current_memberships(aw):
    from alliances.services import add_member, end_membership

    case = alliance_in_state(aw, "typical")
    member = add_member(case, actor=aw.rhein, enterprise=aw.hanna)
    left = add_member(case, actor=aw.rhein, institution=aw.liaoning_tech)
    end_membership(left, actor=aw.bureau, left_on=left.joined_on)
    services.transition(case, "dissolve", actor=aw.bureau, note="协议到期", dissolved_on="2025-12-31")
    member.refresh_from_db()
    left.refresh_from_db()
    assert str(member.left_on) == "2025-12-31"
    assert left.left_on is None or str(left.left_on) != "2025-12-31"
