"""Applications and the expert review: the window, withdrawal, eligibility, the conflict-of-interest
refusal, weighted ranking (figures computed by hand), the choice of winners, and who sees what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed
from jinzhou.casework.services import get_case_for, transition
from projects import services
from projects.choices import ApplicationStatus
from projects.models import Challenge, ChallengeApplication, ScoringCriterion
from projects.selectors import published_challenges, ranking
from tests.world import case_in_state

pytestmark = pytest.mark.django_db


def published(cast, **fields):
    challenge = services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title="芯片级高端半导体石英坩埚", technical_problem="纯度",
        chain=cast.quartz_chain, **fields,
    )  # fmt: skip
    return transition(challenge, "publish", actor=cast.scistaff, due_in_working_days=10)


def apply(cast, challenge, user, **fields):
    defaults = {"team": "团队", "plan": "方案", "budget_wan": "300"}
    return services.submit_application(challenge, actor=user, **{**defaults, **fields})


def under_review(cast, challenge, *applications):
    for application in applications:
        services.check_eligibility(application, actor=cast.scistaff, eligible=True)
    challenge = transition(challenge, "close_applications", actor=cast.scistaff)
    return transition(challenge, "start_review", actor=cast.scistaff)


def test_an_enterprise_applies_for_itself_and_then_follows_the_challenge(cast):
    challenge = published(cast)
    assert challenge in published_challenges()
    with pytest.raises(CaseNotFound):
        get_case_for(cast.shengong_user, challenge.pk)
    application = apply(cast, challenge, cast.shengong_user, partner_institutions=[cast.lnut])
    assert application.lead_enterprise == cast.shengong and application.status == ApplicationStatus.SUBMITTED
    assert get_case_for(cast.shengong_user, challenge.pk).pk == challenge.pk
    with pytest.raises(ActionRefused, match="own enterprise"):
        apply(cast, challenge, cast.quartz_user, lead_enterprise=cast.shengong)
    with pytest.raises(ValidationError, match="already leads an application"):
        apply(cast, challenge, cast.shengong_user)


def test_no_application_outside_the_window(cast):
    draft = services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title="草稿", technical_problem="x", chain=cast.quartz_chain
    )
    with pytest.raises(TransitionNotAllowed, match="window is closed"):
        apply(cast, draft, cast.shengong_user)
    challenge = published(cast)
    transition(challenge, "close_applications", actor=cast.scistaff)
    with pytest.raises(TransitionNotAllowed, match="window is closed"):
        apply(cast, challenge, cast.shengong_user)


def test_withdrawal_only_before_the_window_closes(cast):
    challenge = published(cast)
    application = apply(cast, challenge, cast.shengong_user)
    with pytest.raises(ActionRefused):
        services.withdraw_application(application, actor=cast.quartz_user)
    services.withdraw_application(application, actor=cast.shengong_user, reason="团队调整")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    again = apply(cast, challenge, cast.shengong_user)  # a withdrawn application may be replaced
    transition(Challenge.objects.get(pk=challenge.pk), "close_applications", actor=cast.scistaff)
    with pytest.raises(TransitionNotAllowed, match="can no longer be withdrawn"):
        services.withdraw_application(again, actor=cast.shengong_user)


def test_eligibility_needs_a_reason_to_refuse_and_every_application_checked_before_review(cast):
    challenge = published(cast)
    first = apply(cast, challenge, cast.shengong_user)
    second = apply(cast, challenge, cast.quartz_user)
    with pytest.raises(ValidationError) as caught:
        services.check_eligibility(first, actor=cast.scistaff, eligible=False)
    assert "note" in caught.value.message_dict
    with pytest.raises(CaseNotFound):  # 工信局 does not lead the quartz chain: the challenge does not exist for it
        services.check_eligibility(first, actor=cast.chainlead, eligible=True)
    with pytest.raises(ActionRefused, match="bureau in charge"):  # the leading group sees it, but does not check
        services.check_eligibility(first, actor=cast.leader, eligible=True)
    services.check_eligibility(first, actor=cast.scistaff, eligible=False, note="未提供合作协议")
    challenge = transition(challenge, "close_applications", actor=cast.scistaff)
    with pytest.raises(ValidationError, match="1 not checked yet"):
        transition(challenge, "start_review", actor=cast.scistaff)
    services.check_eligibility(second, actor=cast.office, eligible=True)
    assert transition(challenge, "start_review", actor=cast.scistaff).status == "under_review"


def test_conflict_of_interest_is_refused_with_a_clear_message_lead_or_partner(cast):
    challenge = published(cast)
    with_partner = apply(cast, challenge, cast.shengong_user, partner_institutions=[cast.lnut])
    led_by = services.submit_application(
        challenge, actor=cast.scistaff, lead_institution=cast.lnut, team="t", plan="p", budget_wan=100
    )
    clean = apply(cast, challenge, cast.quartz_user)
    under_review(cast, challenge, with_partner, led_by, clean)
    expert = cast.experts[2]  # affiliated with 辽宁工业大学
    for application in (with_partner, led_by):
        with pytest.raises(services.ConflictOfInterest) as caught:
            services.assign_expert(application, expert, actor=cast.scistaff)
        assert caught.value.message == (
            "Conflict of interest: 张专家 is affiliated with 辽宁工业大学, an applicant unit of this application, "
            "and cannot review it. Choose another expert."
        )
    sheet = services.assign_expert(clean, expert, actor=cast.scistaff)
    # An affiliation learnt after the assignment still stops the scores.
    expert.enterprises.add(cast.quartz)
    with pytest.raises(services.ConflictOfInterest):
        services.submit_scores(sheet, actor=expert.user, scores=dict.fromkeys(cast.criteria, 80))


def test_ranking_by_weighted_score(cast):
    """Weights 50/30/20 plus a criterion scored out of 50 with weight 100: hand-computed totals."""
    extra = ScoringCriterion.objects.create(programme=cast.programme, name="产业化前景", weight=100, max_score=50)
    criteria = [*cast.criteria, extra]
    challenge = published(cast)
    a = apply(cast, challenge, cast.shengong_user)
    b = apply(cast, challenge, cast.quartz_user)
    c = services.submit_application(
        challenge, actor=cast.scistaff, lead_institution=cast.jzmu, team="t", plan="p", budget_wan=50
    )
    under_review(cast, challenge, a, b, c)
    one, two, _three = cast.experts

    def score(application, expert, values):
        sheet = services.assign_expert(application, expert, actor=cast.scistaff)
        return services.submit_scores(sheet, actor=expert.user, scores=dict(zip(criteria, values, strict=True)))

    # Σ(score / max × 100 × weight) / Σ weight, Σ weight = 200.
    # a/one: (90·50 + 80·30 + 70·20 + 80·100) / 200 = (4500 + 2400 + 1400 + 8000) / 200 = 81.50
    assert score(a, one, (90, 80, 70, 40)).total == Decimal("81.50")
    # a/two: (60·50 + 60·30 + 60·20 + 60·100) / 200 = 60.00
    assert score(a, two, (60, 60, 60, 30)).total == Decimal("60.00")
    # b/one: (100·50 + 50·30 + 50·20 + 70·100) / 200 = (5000 + 1500 + 1000 + 7000) / 200 = 72.50
    assert score(b, one, (100, 50, 50, 35)).total == Decimal("72.50")
    # c has no submitted sheet: last.
    services.assign_expert(c, two, actor=cast.scistaff)
    ranked = list(ranking(challenge))
    assert [item.pk for item in ranked] == [b.pk, a.pk, c.pk]  # 72.50, (81.50 + 60.00) / 2 = 70.75, none
    assert [round(float(item.score), 2) if item.score is not None else None for item in ranked] == [72.5, 70.75, None]
    assert [item.sheets_done for item in ranked] == [1, 2, 0]
    with pytest.raises(ValidationError) as caught:
        services.submit_scores(
            a.sheets.get(expert=one), actor=one.user, scores=dict(zip(criteria, (101, 0, 0, 0), strict=True))
        )
    assert "Score “技术方案” between 0 and 100." in str(caught.value)


def test_only_the_assigned_expert_scores_and_only_what_is_theirs_is_visible(cast):
    challenge = published(cast)
    a = apply(cast, challenge, cast.shengong_user)
    b = apply(cast, challenge, cast.quartz_user)
    under_review(cast, challenge, a, b)
    one, two, _three = cast.experts
    sheet = services.assign_expert(a, one, actor=cast.scistaff)
    with pytest.raises(CaseNotFound):
        services.submit_scores(sheet, actor=two.user, scores=dict.fromkeys(cast.criteria, 80))
    assert list(ChallengeApplication.objects.restrict(one.user, "view")) == [a]
    assert list(ChallengeApplication.objects.restrict(two.user, "view")) == []
    assert set(ChallengeApplication.objects.restrict(cast.scistaff, "view")) == {a, b}
    assert list(ChallengeApplication.objects.restrict(cast.shengong_user, "view")) == [a]
    assert list(ChallengeApplication.objects.restrict(cast.outsider, "view")) == []
    # The quartz chain is not in the metals industry.
    assert list(ChallengeApplication.objects.restrict(cast.taskforce, "view")) == []


def test_award_needs_a_chosen_application_and_the_reason_is_kept(cast):
    challenge = published(cast)
    a = apply(cast, challenge, cast.shengong_user)
    b = apply(cast, challenge, cast.quartz_user)
    challenge = under_review(cast, challenge, a, b)
    award = {"contract_number": "C-1", "amount": "500", "due_in_working_days": 100, "note": "评审第一"}
    with pytest.raises(ValidationError, match="Select at least one eligible application"):
        transition(challenge, "award", actor=cast.scistaff, **award)
    with pytest.raises(ValidationError):
        services.select_for_award(a, actor=cast.scistaff, reason="")
    services.select_for_award(a, actor=cast.scistaff, reason="技术方案最优")
    services.select_for_award(b, actor=cast.scistaff, reason="互补路线，联合攻关")
    with pytest.raises(ValidationError) as caught:
        transition(challenge, "award", actor=cast.scistaff, **{**award, "amount": "五百万"})
    assert "amount" in caught.value.message_dict
    challenge = transition(challenge, "award", actor=cast.scistaff, **award)
    assert challenge.award_reason == "评审第一" and challenge.contract_amount_wan == Decimal("500.00")
    assert set(ChallengeApplication.objects.values_list("status", "award_reason")) == {
        ("awarded", "技术方案最优"),
        ("awarded", "互补路线，联合攻关"),
    }
    # Two winners: a milestone names which team it belongs to.
    challenge = transition(challenge, "start", actor=cast.scistaff)
    with pytest.raises(ValidationError) as caught:
        services.add_milestone(challenge, actor=cast.scistaff, title="中试", due_in_working_days=30)
    assert "application" in caught.value.message_dict
    milestone = services.add_milestone(
        challenge, actor=cast.scistaff, title="中试", due_in_working_days=30, application=b
    )
    assert milestone.reporter == cast.quartz_user and milestone.reporter_enterprise == cast.quartz


def test_terminating_a_challenge_cancels_its_open_milestones_and_accepting_waits_for_them(cast):
    challenge = case_in_state(
        Challenge, "in_progress", world=cast.world, programme=cast.programme, technical_problem="x",
        responsible_department=cast.most, reporter=None,
    )  # fmt: skip
    ChallengeApplication.objects.create(
        challenge=challenge, lead_enterprise=cast.shengong, team="t", plan="p", budget_wan=1,
        status=ApplicationStatus.AWARDED, submitted_by=cast.shengong_user,
    )  # fmt: skip
    milestone = services.add_milestone(challenge, actor=cast.scistaff, title="样品", due_in_working_days=5)
    challenge = transition(Challenge.objects.get(pk=challenge.pk), "midterm_pass", actor=cast.scistaff)
    with pytest.raises(ValidationError, match=milestone.reference):
        transition(challenge, "accept", actor=cast.scistaff)
    challenge = transition(challenge, "terminate", actor=cast.scistaff, note="企业破产")
    milestone.refresh_from_db()
    assert (challenge.status, milestone.status, milestone.is_open) == ("terminated", "cancelled", False)


def test_rectification_sets_its_own_deadline_then_the_acceptance_date_returns(cast):
    challenge = case_in_state(
        Challenge, "in_progress", world=cast.world, programme=cast.programme, technical_problem="x",
        responsible_department=cast.most, reporter=None, contract_end=dt.date.today() + dt.timedelta(days=200),
    )  # fmt: skip
    rectifying = transition(challenge, "midterm_rectify", actor=cast.scistaff, note="补测数据", due_in_working_days=10)
    assert rectifying.rectification_note == "补测数据"
    assert rectifying.due_at.date() < challenge.contract_end
    checked = transition(rectifying, "rectified", actor=cast.scistaff)
    assert checked.status == "midterm_checked" and checked.due_at.date() == challenge.contract_end


def test_the_database_refuses_two_live_applications_from_one_lead(cast):
    challenge = published(cast)
    apply(cast, challenge, cast.shengong_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeApplication.objects.create(
            challenge=challenge, lead_enterprise=cast.shengong, team="t", plan="p", budget_wan=1
        )


def test_restrict_gives_each_applicant_their_own_application_and_the_bureau_all(cast):
    challenge = published(cast)
    mine = apply(cast, challenge, cast.shengong_user)
    theirs = apply(cast, challenge, cast.quartz_user)

    def seen(user, action="view"):
        return set(ChallengeApplication.objects.restrict(user, action))

    assert seen(cast.shengong_user) == seen(cast.shengong_user, "change") == {mine}
    assert seen(cast.quartz_user) == {theirs}
    assert seen(cast.scistaff) == {mine, theirs}
    assert seen(cast.world.chainlead) == set()
