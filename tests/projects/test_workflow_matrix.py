"""Every action of the projects' case kinds, from every state, by every relevant role: allowed,
refused (with the case's reference in the message), or "not found" outside the case's scope.

The tables are written by hand from the issue, not derived from the declarations.
"""

import pytest

from jinzhou.casework import services
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed
from projects.choices import ApplicationStatus
from projects.models import AwardApplication, Challenge, ChallengeApplication, InvestmentProject, Milestone
from projects.workflows import AWARD, CHALLENGE, INVESTMENT, MILESTONE
from tests.world import case_in_state

pytestmark = pytest.mark.django_db

ROLES = (
    "office", "leader", "taskforce", "chainlead", "otherlead", "enterprise", "outsider",
    "scistaff", "ipstaff", "shengong", "expert1",
)  # fmt: skip

# --- challenges: on the titanium chain (metals; 工信局 leads it), proposed by 中信钛业, run by 科技局.
CHALLENGE_VISIBLE = {"office", "leader", "taskforce", "chainlead", "enterprise", "scistaff"}
CHALLENGE_ACTORS = {"office", "scistaff"}
ACTIVE = {
    "published", "applications_closed", "under_review", "awarded", "in_progress", "rectifying", "midterm_checked",
}  # fmt: skip
CHALLENGE_RULES = {
    "publish": ({"draft"}, {"due_in_working_days": 10}, "published"),
    "close_applications": ({"published"}, {}, "applications_closed"),
    "start_review": ({"applications_closed"}, {}, "under_review"),
    "award": (
        {"under_review"},
        {"contract_number": "JZ-001", "amount": "300", "due_in_working_days": 100, "note": "评分第一"},
        "awarded",
    ),
    "start": ({"awarded"}, {}, "in_progress"),
    "midterm_pass": ({"in_progress"}, {}, "midterm_checked"),
    "midterm_rectify": ({"in_progress"}, {"note": "补充检测数据", "due_in_working_days": 10}, "rectifying"),
    "rectified": ({"rectifying"}, {}, "midterm_checked"),
    "accept": ({"midterm_checked"}, {}, "accepted"),
    "fail": ({"midterm_checked"}, {"note": "指标未达到"}, "failed"),
    "terminate": (ACTIVE, {"note": "企业退出"}, "terminated"),
}

# --- milestones: reported on by 神工 (the awarded lead unit), reviewed by 科技局.
MILESTONE_VISIBLE = {"office", "leader", "taskforce", "chainlead", "scistaff", "shengong"}
MILESTONE_RULES = {
    "submit": ({"open", "returned"}, {"shengong"}, {"note": "样品已交付"}, "submitted"),
    "accept": ({"submitted"}, {"office", "scistaff"}, {}, "achieved"),
    "return": ({"submitted"}, {"office", "scistaff"}, {"note": "检测报告不全"}, "returned"),
    "cancel": ({"open", "submitted", "returned"}, {"office", "scistaff"}, {"note": "合同终止"}, "cancelled"),
}

# --- investment projects: on the wind chain (商务局 leads it and is responsible; otherlead works there).
INVESTMENT_VISIBLE = {"office", "leader", "otherlead"}
INVESTMENT_ACTORS = {"office", "otherlead"}
INVESTMENT_RULES = {
    "negotiate": ({"pitched"}, {}, "negotiating"),
    "sign": ({"pitched", "negotiating"}, {"due_in_working_days": 30}, "signed"),
    "start": ({"signed"}, {}, "started"),
    "complete": ({"started"}, {}, "completed"),
    "produce": ({"completed"}, {}, "producing"),
    "drop": ({"pitched", "negotiating", "signed"}, {"note": "企业投资计划调整"}, "dropped"),
}

# --- award / IP applications: an IP topic reviewed by 市场监管局, submitted by 中信钛业's user.
AWARD_VISIBLE = {"office", "leader", "taskforce", "chainlead", "enterprise", "ipstaff"}
AWARD_ACTORS = {"office", "ipstaff"}
AWARD_RULES = {
    "review": ({"submitted"}, {}, "city_review"),
    "recommend": ({"city_review"}, {}, "recommended"),
    "not_recommend": ({"city_review"}, {"note": "选题重复"}, "not_recommended"),
    "won": ({"recommended"}, {"prize": "second"}, "won"),
    "not_won": ({"recommended"}, {}, "not_won"),
    "close_recommended": ({"recommended"}, {}, "recommended_closed"),
}


def _states(workflow) -> list[str]:
    return [state.code for state in workflow.states]


def _expected(role, state, sources, actors, visible) -> str:
    if role not in visible:
        return "not_found"
    if state not in sources:
        return "wrong_state"
    return "ok" if role in actors else "refused"


def _fire(case, action, user, data):
    try:
        moved = services.transition(case, action, actor=user, **data)
    except CaseNotFound:
        return "not_found", None
    except TransitionNotAllowed as exc:
        return "wrong_state", exc
    except ActionRefused as exc:
        return "refused", exc
    return "ok", moved


def _check(case, state, action, target, outcome, error):
    case.refresh_from_db()
    if outcome == "ok":
        assert case.status == target
        assert case.events.filter(action=action, from_status=state, to_status=target).exists()
    else:
        assert case.status == state, "a refused action changes nothing"
        assert not case.events.exists()
    if outcome in ("wrong_state", "refused"):
        assert case.reference in error.message


def run_matrix(cast, make_case, state, action, sources, actors, visible, data, target):
    """Fire ``action`` from ``state`` as every role. A refusal changes nothing, so the refused roles
    share one case (checked untouched after each); every role expected to succeed gets a fresh one."""
    shared = None
    for role in ROLES:
        expected = _expected(role, state, sources, actors, visible)
        if expected == "ok":
            case = make_case()
        else:
            shared = shared or make_case()
            case = shared
        outcome, result = _fire(case, action, cast.users[role], data)
        assert outcome == expected, f"{role} firing {action} from {state}"
        _check(case, state, action, target, outcome, result)


def _challenge(cast, state):
    case = case_in_state(
        Challenge, state, world=cast.world, programme=cast.programme, technical_problem="高纯石英",
        responsible_department=cast.most, reporter=None,
    )  # fmt: skip
    # The award needs a chosen, eligible application; every other step ignores it.
    ChallengeApplication.objects.create(
        challenge=case, lead_enterprise=cast.shengong, team="团队", plan="方案", budget_wan=300,
        status=ApplicationStatus.ELIGIBLE, selected=True, award_reason="评分第一",
    )  # fmt: skip
    return case


# One test per state, every action in it: the cast is built once per state, not once per action.
@pytest.mark.parametrize("state", _states(CHALLENGE))
def test_challenge_matrix(cast, state):
    for action, (sources, data, target) in sorted(CHALLENGE_RULES.items()):
        run_matrix(
            cast, lambda: _challenge(cast, state), state, action, sources, CHALLENGE_ACTORS, CHALLENGE_VISIBLE,
            data, target,
        )  # fmt: skip


@pytest.mark.parametrize("state", _states(MILESTONE))
def test_milestone_matrix(cast, state):
    def make():
        return case_in_state(
            Milestone, state, world=cast.world, responsible_department=cast.most,
            reporter=cast.shengong_user, reporter_enterprise=cast.shengong,
        )  # fmt: skip

    for action, (sources, actors, data, target) in sorted(MILESTONE_RULES.items()):
        run_matrix(cast, make, state, action, sources, actors, MILESTONE_VISIBLE, data, target)


@pytest.mark.parametrize("state", _states(INVESTMENT))
def test_investment_matrix(cast, state):
    def make():
        return case_in_state(
            InvestmentProject, state, world=cast.world, chain=cast.wind, responsible_department=cast.mofcom,
            reporter=None, reporter_enterprise=None, amount_yi=23,
        )  # fmt: skip

    for action, (sources, data, target) in sorted(INVESTMENT_RULES.items()):
        run_matrix(cast, make, state, action, sources, INVESTMENT_ACTORS, INVESTMENT_VISIBLE, data, target)


@pytest.mark.parametrize("state", _states(AWARD))
def test_award_application_matrix(cast, state):
    def make():
        return case_in_state(
            AwardApplication, state, world=cast.world, responsible_department=cast.samr, category="ip_topic",
            year=2022,
        )  # fmt: skip

    for action, (sources, data, target) in sorted(AWARD_RULES.items()):
        run_matrix(cast, make, state, action, sources, AWARD_ACTORS, AWARD_VISIBLE, data, target)


def test_stage_dates_and_planned_deadline_follow_the_project(cast):
    project = case_in_state(
        InvestmentProject, "negotiating", world=cast.world, chain=cast.wind, responsible_department=cast.mofcom,
        reporter=None, reporter_enterprise=None,
    )  # fmt: skip
    signed = services.transition(project, "sign", actor=cast.otherlead, on="2021-06-01", due_in_working_days=60)
    assert str(signed.signed_on) == "2021-06-01"
    assert signed.due_at is not None, "the planned start is the deadline the reminders follow"
    started = services.transition(signed, "start", actor=cast.otherlead)
    assert started.started_on is not None and started.due_at is None


def test_a_future_stage_date_is_refused(cast):
    project = case_in_state(
        InvestmentProject, "signed", world=cast.world, chain=cast.wind, responsible_department=cast.mofcom,
        reporter=None, reporter_enterprise=None,
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.transition(project, "start", actor=cast.otherlead, on="2099-01-01")
    assert "future" in caught.value.message_dict["on"][0]


def test_won_records_the_prize_and_refuses_an_unknown_one(cast):
    from django.core.exceptions import ValidationError

    case = case_in_state(
        AwardApplication, "recommended", world=cast.world, responsible_department=cast.samr, category="progress",
        year=2022,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.transition(case, "won", actor=cast.ipstaff, prize="特等奖")
    assert "prize" in caught.value.message_dict
    won = services.transition(case, "won", actor=cast.ipstaff, prize="second")
    assert (won.prize, won.get_prize_display(), won.closed_at is not None) == ("second", "Second prize", True)
