"""The portal's story in a real browser: a chain leader on a phone finds the red case first and acts
on it; the office closes it in the admin; the chain leader sees it closed and the dashboard moves."""

import pytest

from chains.models import ChainTask
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

# The live server reads what the test writes, so the test cannot hide in a transaction; the role
# groups (a data migration) are restored after each test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def story(roles):
    world = build_world()
    red = case_in_state(ChainTask, "in_progress", world=world, title="钛白粉扩产项目手续办理", due_in_days=-2)
    case_in_state(ChainTask, "in_progress", world=world, title="链主企业技改调研", due_in_days=30)
    case_in_state(ChainTask, "acknowledged", world=world, title="上下游对接会筹备", due_in_days=1)
    return world, red


def dashboard_figures(page) -> dict:
    return {
        light: int(page.inner_text(f'[data-testid=light-totals] [data-light="{light}"] .tile-value'))
        for light in ("red", "grey")
    }


def test_chain_leader_acts_on_the_red_case_and_the_office_closes_it(visitor, story, screenshots):
    _world, red = story
    leader = visitor(DESKTOP).sign_in("leader")
    before = dashboard_figures(leader.go("/portal/dashboard/"))
    assert before == {"red": 1, "grey": 0}

    chainlead = visitor(PHONE).sign_in("chainlead")
    page = chainlead.page
    first = page.locator("[data-testid=todo]").first
    assert first.get_attribute("data-reference") == red.reference
    assert "case-light-red" in first.inner_html()
    page.screenshot(path=screenshots / "todos-phone.png", full_page=True)

    first.locator("a").click()
    page.wait_for_url(f"**/portal/cases/{red.pk}/")
    progress = page.locator("[data-testid=progress-form]")
    progress.locator("input[name=progress-percent]").fill("80")
    progress.locator("textarea[name=progress-text]").fill("环评批复已取得，施工许可办理中。")
    progress.locator("button[type=submit]").click()
    page.wait_for_selector(".message-success")
    assert "80%" in page.inner_text("[data-testid=timeline]")

    submit = page.locator("[data-testid=action-submit]")
    submit.locator("textarea").fill("施工许可已核发，项目手续全部办结。")
    submit.locator("button[type=submit]").click()
    page.wait_for_selector(".message-success")
    submitted = page.inner_text("[data-testid=status]")
    red.refresh_from_db()
    assert red.status == "submitted"
    page.screenshot(path=screenshots / "case-phone.png", full_page=True)

    office = visitor(DESKTOP).admin_sign_in("office")
    office.go(f"/admin/chains/chaintask/{red.pk}/change/")
    office.page.click("button[name=_action][value=close]")
    office.page.wait_for_selector(".messagelist .success")
    red.refresh_from_db()
    assert red.status == "closed"

    chainlead.go(f"/portal/cases/{red.pk}/")
    assert page.locator("[data-testid=case]").get_attribute("data-status") == "closed"
    assert page.inner_text("[data-testid=status]") != submitted
    chainlead.go("/portal/")
    assert red.reference not in [
        item.get_attribute("data-reference") for item in page.locator("[data-testid=todo]").all()
    ]

    after = dashboard_figures(leader.go("/portal/dashboard/"))
    assert after == {"red": 0, "grey": 1}
    assert chainlead.errors == [] and leader.errors == []


def test_the_main_pages_fit_a_375_px_phone(visitor, story):
    world, red = story
    chainlead = visitor(PHONE).sign_in("chainlead")
    for path in ("/portal/", f"/portal/cases/{red.pk}/", "/portal/chains/", f"/portal/chains/{world.titanium.pk}/"):
        chainlead.go(path)
        assert chainlead.horizontal_overflow() <= 0, path
    leader = visitor(PHONE).sign_in("leader")
    leader.go("/portal/dashboard/")
    assert leader.horizontal_overflow() <= 0
    assert chainlead.errors == [] and leader.errors == []
