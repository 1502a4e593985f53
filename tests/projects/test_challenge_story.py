"""The done-when story of 揭榜挂帅, through the services as the people involved live it.

科技局 (``scistaff``) publishes the chip-grade quartz crucible challenge; two consortia apply (神工 with
辽宁工业大学, a quartz maker with 锦州医科大学); both are found eligible; three experts score, the third
refused for 神工's consortium because he is affiliated with 辽宁工业大学; the best is awarded; a
milestone runs late and the reminder sweep tells the bureau; the mid-term check passes and the
challenge is accepted.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.selectors import light_of
from jinzhou.casework.services import transition
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from projects import services
from projects.choices import ApplicationStatus
from projects.models import Challenge
from projects.selectors import ranking

pytestmark = pytest.mark.django_db


def scores(cast, technical, team, budget) -> dict:
    return dict(zip(cast.criteria, (technical, team, budget), strict=True))


def test_quartz_crucible_challenge_from_publication_to_acceptance(cast):
    bureau = cast.scistaff
    challenge = services.create_challenge(
        actor=bureau,
        programme=cast.programme,
        title="芯片级高端半导体石英坩埚",
        technical_problem="高纯石英坩埚的纯度与高温形变控制",
        target_indicators="羟基含量 ≤ 30 ppm；1500 ℃ 下 200 小时无明显形变",
        chain=cast.quartz_chain,
        funding_wan=Decimal("500"),
    )
    assert challenge.reference.startswith("JB-") and challenge.status == "draft"
    challenge = transition(challenge, "publish", actor=bureau, due_in_working_days=10)
    assert challenge.status == "published" and challenge.due_at == challenge.applications_due_at

    consortium_a = services.submit_application(
        challenge, actor=cast.shengong_user, team="神工研发中心 12 人", plan="等离子熔融工艺", budget_wan="480",
        partner_institutions=[cast.lnut],
    )  # fmt: skip
    consortium_b = services.submit_application(
        challenge, actor=cast.quartz_user, team="石英材料团队 8 人", plan="电弧法改进", budget_wan="450",
        partner_institutions=[cast.jzmu],
    )  # fmt: skip
    for application in (consortium_a, consortium_b):
        services.check_eligibility(application, actor=bureau, eligible=True)
    challenge = transition(challenge, "close_applications", actor=bureau)
    challenge = transition(challenge, "start_review", actor=bureau)

    first, second, third = cast.experts
    sheets = {
        (first, consortium_a): services.assign_expert(consortium_a, first, actor=bureau),
        (second, consortium_a): services.assign_expert(consortium_a, second, actor=bureau),
        (first, consortium_b): services.assign_expert(consortium_b, first, actor=bureau),
        (second, consortium_b): services.assign_expert(consortium_b, second, actor=bureau),
        (third, consortium_b): services.assign_expert(consortium_b, third, actor=bureau),
    }
    with pytest.raises(services.ConflictOfInterest, match="张专家 is affiliated with 辽宁工业大学"):
        services.assign_expert(consortium_a, third, actor=bureau)
    assert not consortium_a.sheets.filter(expert=third).exists()

    # Each expert scores on their own login; weights 50 / 30 / 20.
    services.submit_scores(sheets[first, consortium_a], actor=first.user, scores=scores(cast, 90, 85, 80))  # 86.50
    services.submit_scores(sheets[second, consortium_a], actor=second.user, scores=scores(cast, 80, 90, 70))  # 81.00
    services.submit_scores(sheets[first, consortium_b], actor=first.user, scores=scores(cast, 70, 80, 90))  # 77.00
    services.submit_scores(sheets[second, consortium_b], actor=second.user, scores=scores(cast, 75, 70, 80))  # 74.50
    services.submit_scores(sheets[third, consortium_b], actor=third.user, scores=scores(cast, 88, 80, 70))  # 82.00
    ranked = list(ranking(challenge))
    assert [item.pk for item in ranked] == [consortium_a.pk, consortium_b.pk]
    assert round(float(ranked[0].score), 2) == 83.75  # (86.50 + 81.00) / 2
    assert round(float(ranked[1].score), 2) == 77.83  # (77.00 + 74.50 + 82.00) / 3

    services.select_for_award(ranked[0], actor=bureau, reason="综合评分第一")
    challenge = transition(
        challenge, "award", actor=bureau, contract_number="JZKJ-JB-2022-001", amount="480",
        due_in_working_days=120, note="专家评审综合得分最高（83.75 分）",
    )  # fmt: skip
    assert (challenge.status, challenge.contract_number, challenge.contract_amount_wan) == (
        "awarded",
        "JZKJ-JB-2022-001",
        Decimal("480.00"),
    )
    assert challenge.due_at.date() >= challenge.contract_end - dt.timedelta(days=1)
    consortium_a.refresh_from_db()
    consortium_b.refresh_from_db()
    assert (consortium_a.status, consortium_b.status) == (ApplicationStatus.AWARDED, ApplicationStatus.NOT_AWARDED)
    challenge = transition(challenge, "start", actor=bureau)

    milestone = services.add_milestone(challenge, actor=bureau, title="样品试制", due_in_working_days=20)
    assert milestone.reference.startswith("LC-") and milestone.parent_id == challenge.pk
    assert milestone.next_reminder_at is not None  # the sweep will find it with no code of ours
    services.report_milestone_progress(milestone, actor=cast.shengong_user, percent=60, text="完成两批试样")

    # Two working days after its deadline, in office hours, the milestone is red and the sweep tells the bureau.
    due_day = timezone.localtime(milestone.due_at).date()
    late = timezone.make_aware(dt.datetime.combine(add_working_days(due_day, 2), dt.time(10)))
    assert light_of(milestone, now=late) == "red"
    sweep_reminders(now=late)
    told = Notification.objects.filter(case_id=milestone.pk, recipient=bureau)
    assert told.exists(), "the overdue milestone's reminder reaches 科技局"

    milestone.refresh_from_db()
    milestone = transition(milestone, "submit", actor=cast.shengong_user, note="样品检测报告已提交")
    milestone = transition(milestone, "accept", actor=bureau)
    assert milestone.status == "achieved" and not milestone.is_open

    challenge = Challenge.objects.get(pk=challenge.pk)
    challenge = transition(challenge, "midterm_pass", actor=bureau, note="进度符合合同约定")
    challenge = transition(challenge, "accept", actor=bureau, note="各项指标达到榜单要求")
    assert challenge.status == "accepted" and challenge.closed_at is not None
    actions = list(challenge.events.filter(kind="transition").order_by("at", "id").values_list("action", flat=True))
    assert actions == [
        "publish", "close_applications", "start_review", "award", "start", "midterm_pass", "accept",
    ]  # fmt: skip
    assert timezone.localdate() <= challenge.contract_end
