"""The office replaces a Word template with its own, in the admin: used from then on, a broken one
refused with its error (the previous kept), and back to the default on request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from jinzhou.casework import documents
from jinzhou.casework.choices import EscalationLevel
from jinzhou.casework.models import DocumentTemplate
from jinzhou.casework.notices import SUPERVISION_NOTICE
from jinzhou.casework.services import escalate
from tests.casework.test_notice_document import docx_text
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
LIST = reverse("admin:casework_documenttemplate_changelist")


def word_file(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def row() -> DocumentTemplate:
    return DocumentTemplate.objects.get(name=SUPERVISION_NOTICE)


def post(client, data: dict):
    url = reverse("admin:casework_documenttemplate_change", args=[row().pk])
    return client.post(url, {"number_pattern": row().number_pattern, **data})


@pytest.fixture
def office(world, client):
    client.force_login(world.office)
    assert client.get(LIST).status_code == 200  # the list creates a row for every kind of document
    return world


def test_the_list_offers_the_default_with_its_tags(office, client):
    page = client.get(LIST).content.decode()
    download = reverse("admin:casework_documenttemplate_download", args=[row().pk])
    assert download in page
    response = client.get(download)
    assert b"".join(response.streaming_content) == documents.kind(SUPERVISION_NOTICE).default_file.read_bytes()
    change = client.get(reverse("admin:casework_documenttemplate_change", args=[row().pk])).content.decode()
    assert "{{ number }}" in change and "{{ deadline }}" in change and "{{ addressee }}" in change


def test_the_offices_own_template_prints_the_notice(office, client):
    custom = word_file("锦州市自定义督办通知 {{ number }}", "事项：{{ case_reference }} {{ case_title }}")
    response = post(client, {"upload": SimpleUploadedFile("我们的督办单.docx", custom)})
    assert response.status_code == 302
    assert bytes(row().content) == custom and row().file_name == "我们的督办单.docx"
    assert row().history.first().history_user == office.office

    case = case_in_state(Bottleneck, "handling", world=office)
    notice = escalate(case, actor=office.office, level=EscalationLevel.RED, target="department_head", reason="逾期")
    url = reverse("admin:chains_bottleneck_notice", args=[case.pk, notice.pk, "docx"])
    text = docx_text(b"".join(client.get(url).streaming_content))
    assert f"锦州市自定义督办通知 {notice.notice_number}" in text
    assert case.reference in text
    # The template in use is what the list offers to download, to edit again.
    download = client.get(reverse("admin:casework_documenttemplate_download", args=[row().pk]))
    assert b"".join(download.streaming_content) == custom


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (word_file("{{ number "), "TemplateSyntaxError"),
        (word_file("{{ numbr }}"), "numbr"),
        # Tried signed and unsigned: a typo in the signed branch is refused too.
        (word_file("{% if acknowledged %}{{ acknowledged_byy }}{% endif %}"), "acknowledged_byy"),
        (b"%PDF-1.4 not a word file", ".docx"),
    ],
    # Named by the error: a Word file's bytes carry the time it was built, so ids made of them differ
    # between xdist workers that collect a second apart, and xdist then refuses the whole run.
    ids=["unclosed tag", "unknown name", "unknown name when signed", "not a word file"],
)
def test_a_broken_template_is_refused_and_the_previous_kept(office, client, data, error):
    previous = word_file("{{ number }}")
    post(client, {"upload": SimpleUploadedFile("old.docx", previous)})
    response = post(client, {"upload": SimpleUploadedFile("new.docx", data)})
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["upload"])
    assert error in errors
    assert bytes(row().content) == previous and row().file_name == "old.docx"


def test_a_template_over_the_size_limit_is_refused(office, client, monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEMPLATE_BYTES", 1000)
    response = post(client, {"upload": SimpleUploadedFile("big.docx", word_file("{{ number }}"))})
    assert response.status_code == 200 and "upload" in response.context["adminform"].form.errors
    assert not row().content


def test_revert_to_the_default(office, client):
    own = word_file("{{ number }}")
    post(client, {"upload": SimpleUploadedFile("own.docx", own)})
    assert row().is_custom
    assert post(client, {"revert": "on"}).status_code == 302
    assert not row().is_custom
    assert documents.template_bytes(SUPERVISION_NOTICE) == documents.kind(SUPERVISION_NOTICE).default_file.read_bytes()
    # The office's file stays in the history.
    assert [bytes(version.content) for version in row().history.all()] == [b"", own]


def test_the_number_pattern_is_set_in_the_admin(office, client):
    refused = post(client, {"number_pattern": "锦工领办督{seq}号"})
    assert refused.status_code == 200 and "number_pattern" in refused.context["adminform"].form.errors
    assert post(client, {"number_pattern": "锦领督〔{year}〕{seq}号"}).status_code == 302
    assert documents.next_number(SUPERVISION_NOTICE, year=2030) == "锦领督〔2030〕1号"


def test_only_the_office_changes_templates(office, client):
    client.force_login(office.chainlead)
    url = reverse("admin:casework_documenttemplate_change", args=[row().pk])
    client.post(url, {"number_pattern": "", "upload": SimpleUploadedFile("x.docx", word_file("{{ number }}"))})
    assert not row().is_custom
