"""揭榜挂帅 as a university's user (``daxue``, 辽宁工业大学) in a real browser, on a phone and on a desktop:
the list, the application form naming the university as the lead unit, applying with a partner
enterprise, 我的揭榜申请 and 我的待办's pointer; no horizontal scroll at 375 px, no console error."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_challenge_pages import challenges  # noqa: F401  (the published challenges)
from tests.e2e.test_screenshots import page_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def daxue(challenges):  # noqa: F811
    from tests.world import make_user

    cast, published = challenges
    user = make_user("daxue", None, institution=cast.lnut)
    user.last_name, user.first_name = "马", "丽"
    user.save()
    return cast, published


def test_a_university_browses_and_applies_as_the_lead_unit(visitor, daxue, screenshots):
    _cast, published = daxue
    phone = visitor(PHONE).sign_in("daxue")
    page_checks(phone, "/portal/", screenshots, "institution-todos-phone")
    assert "揭榜挂帅" in phone.page.inner_text("nav.menu")
    page_checks(phone, "/portal/challenges/", screenshots, "institution-challenges-list-phone")
    page_checks(phone, f"/portal/challenges/{published[0].pk}/apply/", screenshots, "institution-apply-phone")
    page = phone.page
    assert "辽宁工业大学" in page.inner_text("[data-testid=lead-unit]")
    page.fill("#id_member_search", "石英")
    page.click("[data-testid=find-members]")
    page.check("text=某石英材料")
    page.fill("#id_team", "李教授（辽宁工业大学）、张工（某石英材料）")
    page.fill("#id_plan", "高纯石英砂提纯与坩埚成型一体化工艺")
    page.fill("#id_budget_wan", "300")
    page.click("[data-testid=submit-application]")
    page.wait_for_url("**/portal/challenges/applications/*/")
    assert phone.horizontal_overflow() <= 0
    page.screenshot(path=screenshots / "institution-application-phone.png", full_page=True)
    assert "某石英材料" in page.inner_text("[data-testid=members]")
    page_checks(phone, "/portal/challenges/applications/", screenshots, "institution-my-applications-phone")
    assert phone.errors == []

    desktop = visitor(DESKTOP).sign_in("daxue")
    page_checks(desktop, "/portal/challenges/", screenshots, "institution-challenges-list-desktop")
    page_checks(desktop, f"/portal/challenges/{published[1].pk}/apply/", screenshots, "institution-apply-desktop")
    assert desktop.errors == []
