"""Attachments are checked by content and stored under safe names; every change is audited."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chains.models import Bottleneck
from jinzhou.casework import services
from jinzhou.casework.services.files import sanitize_filename
from tests.world import case_in_state

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_a_real_pdf_is_stored_under_a_random_name(world, media):
    case = case_in_state(Bottleneck, "handling", world=world)
    attachment = services.attach_file(case, actor=world.chainlead, upload=SimpleUploadedFile("../../办理报告.pdf", PDF))
    assert attachment.original_name == "办理报告.pdf"
    assert attachment.content_type == "application/pdf"
    assert ".." not in attachment.file.name and "办理报告" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == PDF
    assert case.events.filter(kind="attachment").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "not really a PDF"),
        ("photo.pdf", PNG, "not really a PDF"),
        ("tool.exe", EXE, "only PDF"),
        ("script.sh", b"#!/bin/sh\n", "only PDF"),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(world, media, name, content, message, settings):
    settings.LANGUAGE_CODE = "en"
    case = case_in_state(Bottleneck, "handling", world=world)
    with pytest.raises(ValidationError) as caught:
        services.attach_file(case, actor=world.chainlead, upload=SimpleUploadedFile(name, content))
    assert message in caught.value.message_dict["file"][0]
    assert not case.attachments.exists()
    assert not any(media.rglob("*.*"))


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(world, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    case = case_in_state(Bottleneck, "handling", world=world)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as caught:
        services.attach_file(case, actor=world.chainlead, upload=big)
    assert "MB" in caught.value.message_dict["file"][0]
    assert not case.attachments.exists()


def test_file_names_are_sanitised():
    assert sanitize_filename("../../etc/passwd") == "passwd"
    assert sanitize_filename("..\\..\\windows\\evil.pdf") == "evil.pdf"
    assert sanitize_filename("a\x00b<>.pdf") == "ab.pdf"
    assert sanitize_filename("...") == "file"


@pytest.mark.django_db
def test_every_transition_leaves_an_audit_record_with_who_and_before_after(world):
    case = case_in_state(Bottleneck, "submitted", world=world)
    services.transition(case, "accept", actor=world.office)
    latest, previous = case.history.order_by("-history_id")[:2]
    assert latest.history_user == world.office
    # Each record holds the row as it was, so before/after is the pair of records.
    assert (previous.status, latest.status) == ("submitted", "accepted")
    assert (previous.version, latest.version) == (1, 2)
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert "updated_by" in changed


@pytest.mark.django_db
def test_editing_cannot_reassign_behind_the_workflow(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    with pytest.raises(ValidationError) as caught:
        services.update_case(case, actor=world.office, responsible_department=world.mofcom)
    assert "responsible_department" in caught.value.message_dict
    case.refresh_from_db()
    assert case.responsible_department == world.miit
    edited = services.update_case(case, actor=world.office, title="氯气供应中断")
    assert edited.title == "氯气供应中断" and edited.version == 2
