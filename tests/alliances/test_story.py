"""Done when, tried as a new user would: 莱茵动力's user is reminded once, submits the alliance's
self-assessment before the deadline, the bureau takes it through 初评, 复评 and 会评, and the
alliance's page shows its tier history and its members.

Every step goes through the admin's pages (the transitions through the workflow buttons, which call
``casework.services.transition``); the reminder comes from the real sweep, run at the moment it is due.
"""

import datetime as dt

import pytest
from django.utils import timezone

from alliances.models import Alliance, AllianceEvaluation
from alliances.services import add_member
from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from jinzhou.org.models import Enterprise, Institution
from tests.alliances.support import alliance_in_state
from tests.casework.admin_support import admin_url

MEMBERS_ENTERPRISES = (
    "北京瑞安电气技术有限公司",
    "锦州汉拿电机有限公司",
    "锦州万友机械部件有限公司",
    "锦州锦恒汽车安全系统股份有限公司",
)
MEMBERS_UNIVERSITIES = ("辽宁工业大学", "渤海大学", "沈阳工业大学")
SCORES = {"innovation": "92", "performance": "88.5", "service": "86", "operation": "90", "benefit_sharing": "85"}


def fire(client, model, case, action: str, **fields):
    case.refresh_from_db()
    data = {f"t-{action}-version": case.version, **{f"t-{action}-{k}": v for k, v in fields.items()}}
    return client.post(admin_url(model, "transition", case.pk, action), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def rhein_alliance(aw):
    alliance = alliance_in_state(aw, "typical")
    for name in MEMBERS_ENTERPRISES:
        enterprise = Enterprise.objects.get_or_create(name=name)[0]
        add_member(alliance, actor=aw.bureau, enterprise=enterprise, joined_on=dt.date(2020, 6, 1))
    for name in MEMBERS_UNIVERSITIES:
        institution = Institution.objects.get_or_create(name=name, defaults={"kind": "university"})[0]
        add_member(alliance, actor=aw.bureau, institution=institution, joined_on=dt.date(2020, 6, 1))
    return alliance


def test_a_year_of_evaluation_from_reminder_to_panel_review(client, aw, rhein_alliance):
    # 1. The bureau asks for the 2025 self-assessment, due in ten working days.
    client.force_login(aw.bureau)
    due = add_working_days(timezone.localdate(), 10)
    response = client.post(
        admin_url(AllianceEvaluation, "add"),
        {"alliance": rhein_alliance.pk, "year": 2025, "due_date": due.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    evaluation = AllianceEvaluation.objects.get(alliance=rhein_alliance, year=2025)
    assert (evaluation.status, evaluation.responsible_person) == ("self_assessment", aw.rhein)
    assert timezone.localtime(evaluation.due_at).date() == due

    # 2. 莱茵动力's contact is told the evaluation is open, then one reminder reaches them when the
    # sweep meets its first step.
    notices = Notification.objects.filter(recipient=aw.rhein, case_id=evaluation.pk)
    assert notices.filter(step__startswith="event:").count() == 1
    sweep_reminders(now=evaluation.next_reminder_at)
    assert notices.exclude(step__startswith="event:").count() == 1

    # 3. 莱茵动力's user fills in and submits the self-assessment through the page's panel and button.
    client.force_login(aw.rhein)
    page = client.get(admin_url(AllianceEvaluation, "change", evaluation.pk))
    assert page.status_code == 200
    assert page.context["case_panels"]["self_form"] is not None
    evaluation.refresh_from_db()
    response = client.post(
        admin_url(AllianceEvaluation, "panel", evaluation.pk, "self"),
        {
            "self-version": evaluation.version,
            "self-report": "建成电机、控制器、减速器共享实验室；联合承担省科技重大专项。",
            **{f"self-{code}": value for code, value in SCORES.items()},
        },
        follow=True,
    )
    assert response.status_code == 200, messages_of(response)
    response = fire(client, AllianceEvaluation, evaluation, "submit")
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted", messages_of(response)
    assert evaluation.submitted_on_time is True
    assert timezone.localtime(evaluation.submitted_due_at).date() == due
    # Nothing runs against anyone during the review: no deadline, no red light, no closed-late count.
    assert (evaluation.due_at, evaluation.original_due_at) == (None, None)
    # The lead member cannot review its own evaluation: no review button is offered to it.
    assert [t["step"].action for t in response.context["case_panels"]["transitions"]] == []

    # 4. The bureau: 初评, a corrected score, 复评, 会评.
    client.force_login(aw.bureau)
    fire(client, AllianceEvaluation, evaluation, "first_review", note="材料齐全")
    evaluation.refresh_from_db()
    response = client.post(
        admin_url(AllianceEvaluation, "panel", evaluation.pk, "review"),
        {
            "review-version": evaluation.version,
            "review-note": "专家组复核绩效得分",
            **{f"review-{code}": value for code, value in {**SCORES, "performance": "84"}.items()},
        },
        follow=True,
    )
    assert response.status_code == 200
    fire(client, AllianceEvaluation, evaluation, "second_review")
    response = fire(client, AllianceEvaluation, evaluation, "panel_review", note="会评通过")
    evaluation.refresh_from_db()
    assert evaluation.status == "final", messages_of(response)
    # (92 + 84 + 86 + 90 + 85) / 5 = 87.4 with the default equal weights: 高.
    assert (str(evaluation.total_display), evaluation.tier, evaluation.result_final) == ("87.40", "high", True)
    steps = list(evaluation.events.filter(kind="transition").values_list("action", flat=True))
    assert steps == ["submit", "first_review", "second_review", "panel_review"]

    # 5. The alliance's page shows the tier history and the seven members.
    client.force_login(aw.rhein)
    page = client.get(admin_url(Alliance, "change", rhein_alliance.pk))
    assert page.status_code == 200
    history = page.context["case_panels"]["tier_history"]
    assert [(row["evaluation"].year, row["evaluation"].tier) for row in history] == [(2025, "high")]
    html = page.content.decode()
    assert html.count('class="alliance-member-row"') == 7
    for name in (*MEMBERS_ENTERPRISES, *MEMBERS_UNIVERSITIES):
        assert name in html
    assert html.count('class="alliance-tier-row"') == 1


def test_the_list_shows_lights_and_filters_by_tier(client, aw, rhein_alliance):
    from alliances.services import open_evaluation

    open_evaluation(rhein_alliance, actor=aw.bureau, year=2026, due_in_working_days=3)
    client.force_login(aw.office)
    response = client.get(admin_url(AllianceEvaluation, "changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "case-light-yellow" in html
    assert client.get(admin_url(AllianceEvaluation, "changelist") + "?tier=high").status_code == 200
    assert client.get(admin_url(Alliance, "changelist") + "?status=typical").status_code == 200
