"""一链一清单 in a real browser: the chain leader taps the chain page's Word button on a phone and the
office the Excel link on the chain's admin page; both downloads open and hold the chain's lists."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from chains.models import Bottleneck
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(roles):
    world = build_world()
    case_in_state(Bottleneck, "handling", world=world, title="缺少高纯四氯化钛原料", responsible_person=world.chainlead)
    return world


def test_the_chain_leader_and_the_office_download_the_chains_lists(visitor, world, screenshots):
    phone = visitor(PHONE).sign_in("chainlead")
    page = phone.go(f"/portal/chains/{world.titanium.pk}/")
    assert phone.horizontal_overflow() <= 0
    page.screenshot(path=screenshots / "chain-lists-buttons-phone.png")
    with page.expect_download() as download:
        page.click("[data-testid=chain-lists] a[href$='lists.docx']")
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    assert document.paragraphs[0].text == "《钛白粉产业链一链一清单》"
    assert "缺少高纯四氯化钛原料" in document.tables[0].rows[1].cells[1].text
    assert phone.errors == []

    office = visitor(DESKTOP).admin_sign_in("office")
    page = office.go(f"/admin/org/chain/{world.titanium.pk}/change/")
    with page.expect_download() as download:
        page.click("a[href$='lists.xlsx']")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["问题清单", "任务清单", "责任清单", "项目清单"]
    assert book["问题清单"]["B3"].value.endswith("缺少高纯四氯化钛原料")
