"""The printable 督办单 in a real browser: the office downloads it from the case's admin page and
keeps its templates in the admin (事项办理 → 文书模板); the addressee downloads it from the portal."""

import io

import pytest
from docx import Document

from chains.models import Bottleneck
from jinzhou.casework.services import escalate
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def notice_world(roles):
    world = build_world()
    world.chainlead.first_name, world.chainlead.last_name = "磊", "王"
    world.chainlead.save()
    case = case_in_state(Bottleneck, "handling", world=world, title="钛白粉项目用地指标未落实")
    notice = escalate(case, actor=world.office, level=4, target="department_head", reason="连续两周未报送进展")
    return world, case, notice


def _text(path) -> str:
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_office_and_the_addressee_download_the_notice(visitor, notice_world, screenshots, viewport, size):
    _world, case, notice = notice_world
    office = visitor(viewport)
    office.admin_sign_in("office")
    page = office.go(f"/admin/chains/bottleneck/{case.pk}/change/")
    page.locator("#case-escalations").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"notice-admin-panel-{size}.png", full_page=True)
    with page.expect_download() as download:
        page.click('#case-escalations [data-testid="notice-docx"]')
    text = _text(download.value.path())
    assert notice.notice_number in text and "王磊（工信局）" in text and case.reference in text

    page = office.go("/admin/casework/documenttemplate/")
    assert "督办单" in page.content()
    page.screenshot(path=screenshots / f"document-templates-{size}.png", full_page=True)
    page.click("text=督办单")
    page.wait_for_load_state("networkidle")
    assert "{{ number }}" in page.content()
    page.screenshot(path=screenshots / f"document-template-change-{size}.png", full_page=True)
    if size == "phone":
        assert office.horizontal_overflow() <= 0

    addressee = visitor(viewport)
    addressee.sign_in("chainlead")
    page = addressee.go(f"/portal/cases/{case.pk}/")
    page.screenshot(path=screenshots / f"notice-portal-{size}.png", full_page=True)
    with page.expect_download() as download:
        page.click('[data-testid="notice-docx"]')
    assert notice.notice_number in _text(download.value.path())
    assert not office.errors and not addressee.errors
