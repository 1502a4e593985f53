"""The printable 督办单: its official number, what it says, and who may download it (Word, PDF)."""

import io
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from jinzhou.casework import documents
from jinzhou.casework.choices import EscalationLevel
from jinzhou.casework.notices import SUPERVISION_NOTICE
from jinzhou.casework.services import acknowledge_escalation, escalate, set_number_pattern
from tests.world import Bottleneck, build_world, case_in_state

pytestmark = pytest.mark.django_db
YEAR = timezone.localtime().year


def docx_text(data: bytes) -> str:
    """Every paragraph's and table cell's text of a .docx, one per line."""
    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def issue(case, world, reason="连续两周未报送进展"):
    return escalate(case, actor=world.office, level=EscalationLevel.RED, target="department_head", reason=reason)


@pytest.fixture
def named(world):
    # The addressee (head of 工信局, the titanium chain's leader department) by name.
    world.chainlead.first_name, world.chainlead.last_name = "磊", "王"
    world.chainlead.save()
    return world


def test_two_notices_get_consecutive_official_numbers_and_a_new_year_starts_again(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    first, second = issue(case, world), issue(case, world)
    assert first.notice_number == f"锦工领办督〔{YEAR}〕1号"
    assert second.notice_number == f"锦工领办督〔{YEAR}〕2号"
    assert documents.next_number(SUPERVISION_NOTICE, year=YEAR + 1) == f"锦工领办督〔{YEAR + 1}〕1号"


def test_the_office_changes_the_pattern_and_the_count_goes_on(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    issue(case, world)
    set_number_pattern(SUPERVISION_NOTICE, actor=world.office, pattern="锦领办督字〔{year}〕第{seq:03d}号")
    assert issue(case, world).notice_number == f"锦领办督字〔{YEAR}〕第002号"


def test_a_pattern_without_the_year_or_the_number_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        set_number_pattern(SUPERVISION_NOTICE, actor=world.office, pattern="锦工领办督{seq}号")
    assert "{year}" in str(refused.value.message_dict["number_pattern"])


@pytest.mark.postgres
def test_allocating_a_number_locks_the_sequence_row(world):
    with CaptureQueriesContext(connection) as queries:
        documents.next_number(SUPERVISION_NOTICE)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert any("casework_referencesequence" in sql for sql in locking), queries.captured_queries


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_notices_get_distinct_consecutive_numbers():
    world = build_world()
    case = case_in_state(Bottleneck, "handling", world=world)
    documents.next_number(SUPERVISION_NOTICE)  # the sequence row exists, so both threads wait on one lock
    barrier = threading.Barrier(4)
    numbers: list = []

    def fire():
        try:
            barrier.wait(timeout=10)
            numbers.append(issue(case, world).notice_number)
        except Exception as error:  # the failure is the assertion's subject
            numbers.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fire) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(numbers) == sorted(f"锦工领办督〔{YEAR}〕{seq}号" for seq in (2, 3, 4, 5)), numbers


def test_the_word_document_says_what_whom_and_by_when(named, client):
    world = named
    case = case_in_state(Bottleneck, "handling", world=world, title="钛白粉项目用地指标未落实")
    notice = issue(case, world, reason="逾期5个工作日 <未报> & 未反馈")
    client.force_login(world.office)
    url = reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    text = docx_text(b"".join(response.streaming_content))
    deadline = timezone.localtime(notice.due_at).date()
    for expected in (
        notice.notice_number,
        case.reference,
        "钛白粉项目用地指标未落实",
        "逾期5个工作日 <未报> & 未反馈",  # typed text printed as typed, the XML intact
        "王磊（工信局）",
        "工信局",
        f"{deadline.year}年{deadline.month}月{deadline.day}日",
        "红色督办",
        "钛白粉",
        "中信钛业",
        "领导小组办公室",
        "督 办 单",
    ):
        assert expected in text, expected
    assert "签收人：＿" in text  # a blank line to sign

    acknowledge_escalation(notice, actor=world.chainlead)
    signed = docx_text(b"".join(client.get(url).streaming_content))
    assert "签收人：王磊（工信局）" in signed


def test_the_case_pages_offer_the_notice_to_the_office_and_the_addressee_only(named, client):
    world = named
    case = case_in_state(Bottleneck, "handling", world=world)
    notice = issue(case, world)
    portal_url = reverse("portal:notice", args=[case.pk, notice.pk, "docx"])
    client.force_login(world.chainlead)
    page = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert portal_url in page
    assert client.get(portal_url).status_code == 200
    # The reporting enterprise sees the case but is not the addressee; an outsider does not see the case.
    for visitor in (world.enterprise, world.outsider):
        client.force_login(visitor)
        assert client.get(portal_url).status_code == 404
    client.force_login(world.enterprise)
    assert portal_url not in client.get(reverse("portal:case", args=[case.pk])).content.decode()
    admin_url = reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "docx"])
    client.force_login(world.otherlead)
    assert client.get(admin_url).status_code == 404
    client.force_login(world.office)
    change = client.get(reverse("admin:chains_bottleneck_change", args=[case.pk])).content.decode()
    assert admin_url in change
    assert client.get(reverse("portal:notice", args=[case.pk, notice.pk, "odt"])).status_code == 404


@pytest.mark.skipif(not documents.pdf_available(), reason="needs LibreOffice (soffice): CI may not install it")
def test_the_notice_as_pdf(named, client):
    """Skipped only where LibreOffice (soffice) is not installed, as CI may not; the Word path above always runs."""
    world = named
    case = case_in_state(Bottleneck, "handling", world=world)
    notice = issue(case, world)
    client.force_login(world.office)
    change = client.get(reverse("admin:chains_bottleneck_change", args=[case.pk])).content.decode()
    url = reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "pdf"])
    assert url in change
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_failed_conversion_is_a_message_on_the_case_page(world, client, monkeypatch):
    case = case_in_state(Bottleneck, "handling", world=world)
    notice = issue(case, world)

    def broken(data):
        raise documents.ConversionFailed("The PDF conversion failed; download the Word document.")

    monkeypatch.setattr(documents, "to_pdf", broken)
    client.force_login(world.office)
    response = client.get(reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "pdf"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:chains_bottleneck_change", args=[case.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "The PDF conversion failed; download the Word document."
    ]


def test_no_pdf_link_without_a_converter(world, client, monkeypatch):
    case = case_in_state(Bottleneck, "handling", world=world)
    notice = issue(case, world)
    monkeypatch.setattr(documents, "pdf_available", lambda: False)
    client.force_login(world.office)
    page = client.get(reverse("admin:chains_bottleneck_change", args=[case.pk])).content.decode()
    assert reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "docx"]) in page
    assert reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "pdf"]) not in page


def test_a_template_failing_on_real_data_is_a_message_not_an_error_page(world, client, monkeypatch):
    case = case_in_state(Bottleneck, "handling", world=world)
    notice = issue(case, world)

    def failing(name, context):
        raise ValueError("bad filter")

    monkeypatch.setattr(documents, "render", failing)
    client.force_login(world.office)
    response = client.get(reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "docx"]))
    assert response.status_code == 302
    assert "ValueError: bad filter" in str(next(iter(get_messages(response.wsgi_request))))


def test_the_print_links_cost_no_query_per_notice(named, client):
    world = named
    case = case_in_state(Bottleneck, "handling", world=world)
    url = reverse("portal:case", args=[case.pk])
    client.force_login(world.chainlead)
    issue(case, world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count('data-testid="notice-docx"') == 1
    issue(case, world), issue(case, world)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count('data-testid="notice-docx"') == 3
    assert len(three) == len(one)
