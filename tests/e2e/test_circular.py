"""The monthly circular in a real browser: the office opens 情况通报 → 生成通报, previews last month's,
issues it as Word, and finds it in the list of circulars with its kept figures and downloads."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.casework.dashboard_world import mixed_world
from tests.circulars.support import this_month
from tests.e2e.conftest import DESKTOP
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def circular_browser_world(roles):
    world = build_world()
    mixed_world(world)
    return world


def test_the_office_issues_and_downloads_the_circular(visitor, circular_browser_world, screenshots):
    period = this_month()
    office = visitor(DESKTOP)
    office.admin_sign_in("office")
    page = office.go("/admin/circulars/circular/")
    page.click('[data-testid="issue-circular"]')
    page.select_option("#id_period", period.code)
    page.click('[data-testid="preview"]')
    page.wait_for_load_state("networkidle")
    title = f"关于{period.first.year}年{period.first.month}月全市产业链工作推进情况的通报"
    assert page.locator('[data-testid="circular-title"]').inner_text() == title
    assert "钛红0" in page.locator("#circular-overdue").inner_text()
    page.screenshot(path=screenshots / "circular-preview-desktop.png", full_page=True)
    with page.expect_download() as download:
        page.click('[data-testid="issue-docx"]')
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    assert document.paragraphs[0].text == title
    assert [cell.text for cell in document.tables[0].rows[0].cells][:2] == ["序号", "单位"]

    page = office.go("/admin/circulars/circular/")
    page.click(f"text={title}")
    page.wait_for_load_state("networkidle")
    assert "工信局" in page.locator("#circular-departments").inner_text()
    with page.expect_download() as download:
        page.click('[data-testid="download-xlsx"]')
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "各单位"
    assert not office.errors
