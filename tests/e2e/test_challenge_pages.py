"""揭榜挂帅 and the alliance self-assessment in a real browser, on a phone and on a desktop, as
``enterprise`` (中信钛业) and an alliance's lead member: no horizontal scroll at 375 px, no console error,
a screenshot of each page; the application is made by tapping through the form."""

import pytest

from jinzhou.casework.services import transition
from projects import services
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_screenshots import page_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def challenges(roles):
    from tests.projects.conftest import build_cast

    cast = build_cast()
    titles = ("芯片级高端半导体石英坩埚", "高纯四氯化钛连续化生产工艺", "风电叶片回收利用关键技术")
    published = []
    for days, title in zip((15, 6, 25), titles, strict=True):
        challenge = services.create_challenge(
            actor=cast.scistaff, programme=cast.programme, title=title, chain=cast.quartz_chain, funding_wan="500",
            technical_problem="坩埚内层羟基含量 ≤ 30 ppm，使用寿命 ≥ 400 小时，满足 12 英寸单晶硅拉制要求。",
            target_indicators="纯度 99.998%；良品率 ≥ 90%。",
        )  # fmt: skip
        published.append(transition(challenge, "publish", actor=cast.scistaff, due_in_working_days=days))
    return cast, published


def test_an_enterprise_browses_and_applies_on_a_phone(visitor, challenges, screenshots):
    _cast, published = challenges
    phone = visitor(PHONE).sign_in("enterprise")
    page_checks(phone, "/portal/challenges/", screenshots, "challenges-list-phone")
    page_checks(phone, f"/portal/challenges/{published[0].pk}/", screenshots, "challenge-page-phone")
    page = phone.go(f"/portal/challenges/{published[0].pk}/apply/")
    page.fill("#id_member_search", "大学")
    page.click("[data-testid=find-members]")
    page.check("text=辽宁工业大学")
    page.fill("#id_team", "张工（中信钛业）、李教授（辽宁工业大学）")
    page.fill("#id_plan", "高纯石英砂提纯与坩埚成型一体化工艺")
    page.fill("#id_budget_wan", "三百")
    page.click("[data-testid=submit-application]")
    page.wait_for_load_state("networkidle")
    assert phone.horizontal_overflow() <= 0
    page.screenshot(path=screenshots / "challenge-apply-refused-phone.png", full_page=True)
    assert page.input_value("#id_plan") == "高纯石英砂提纯与坩埚成型一体化工艺"
    page.fill("#id_budget_wan", "300")
    page.click("[data-testid=submit-application]")
    page.wait_for_url("**/portal/challenges/applications/*/")
    page.screenshot(path=screenshots / "challenge-application-phone.png", full_page=True)
    assert "辽宁工业大学" in page.inner_text("[data-testid=members]")
    page_checks(phone, "/portal/challenges/applications/", screenshots, "challenge-my-applications-phone")
    assert phone.errors == []

    desktop = visitor(DESKTOP).sign_in("enterprise")
    page_checks(desktop, "/portal/challenges/", screenshots, "challenges-list-desktop")
    page_checks(desktop, f"/portal/challenges/{published[1].pk}/apply/", screenshots, "challenge-apply-desktop")
    page_checks(desktop, f"/portal/challenges/{published[0].pk}/", screenshots, "challenge-page-desktop")
    assert desktop.errors == []


def test_the_lead_member_fills_in_the_self_assessment_on_a_phone(visitor, roles, screenshots):
    from tests.alliances.support import build_alliance_world, evaluation_in_state

    aw = build_alliance_world()
    aw.rhein.set_password("pw-for-tests-only")
    aw.rhein.save()
    evaluation = evaluation_in_state(aw, "self_assessment", self_report="", self_scores={})
    phone = visitor(PHONE).sign_in("rhein")
    page_checks(phone, f"/portal/cases/{evaluation.pk}/", screenshots, "evaluation-case-phone")
    page = phone.go(f"/portal/evaluations/{evaluation.pk}/self-assessment/")
    page.fill("#id_score_innovation", "120")
    page.fill("#id_evidence_innovation", "联合攻关项目 5 项，授权发明专利 12 件")
    page.click("[data-testid=save-draft]")
    page.wait_for_load_state("networkidle")
    assert phone.horizontal_overflow() <= 0
    page.screenshot(path=screenshots / "self-assessment-refused-phone.png", full_page=True)
    assert page.input_value("#id_evidence_innovation") == "联合攻关项目 5 项，授权发明专利 12 件"
    desktop = visitor(DESKTOP).sign_in("rhein")
    page_checks(
        desktop, f"/portal/evaluations/{evaluation.pk}/self-assessment/", screenshots, "self-assessment-desktop"
    )
    assert phone.errors == [] and desktop.errors == []
