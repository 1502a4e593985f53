"""The case page: what it shows, each action through its service, and every refusal on the same form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Attachment, Extension
from jinzhou.casework.services import escalate, update_case
from tests.portal.conftest import case_url, fire, messages_of, panel
from tests.world import case_in_state

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def bottleneck(world):
    return case_in_state(Bottleneck, "assigned", world=world, title="四氯化钛断供")


@pytest.fixture
def task(world):
    return case_in_state(ChainTask, "in_progress", world=world, title="链主扩产项目推进")


def test_the_page_shows_details_timeline_and_only_the_visitors_buttons(client, world, bottleneck):
    client.force_login(world.chainlead)
    response = client.get(case_url(bottleneck))

    assert response.status_code == 200
    html = response.content.decode()
    assert "四氯化钛断供" in html and bottleneck.reference in html
    assert [item["step"].action for item in response.context["transitions"]] == ["acknowledge"]
    assert 'data-testid="action-acknowledge"' in html
    assert 'data-testid="action-close"' not in html


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("portal:case", []),
        ("portal:transition", ["acknowledge"]),
        ("portal:panel", ["comment"]),
    ],
)
def test_a_case_outside_scope_is_404_everywhere(client, world, bottleneck, url_name, args):
    client.force_login(world.otherlead)
    url = reverse(url_name, args=[bottleneck.pk, *args])
    response = client.get(url) if url_name == "portal:case" else client.post(url, {"comment-text": "x"})
    assert response.status_code == 404
    assert not bottleneck.comments.exists()


def test_acknowledge_then_start_then_submit_resolution(client, world, bottleneck):
    client.force_login(world.chainlead)

    response = fire(client, bottleneck, "acknowledge")
    assert response.status_code == 200
    assert any(bottleneck.reference in text for text in messages_of(response))
    fire(client, bottleneck, "start")
    fire(client, bottleneck, "submit_resolution", resolution="协调备用供应商，已恢复供货。")

    bottleneck.refresh_from_db()
    assert bottleneck.status == "resolution_submitted"
    assert bottleneck.resolution == "协调备用供应商，已恢复供货。"
    assert bottleneck.events.filter(action="submit_resolution", actor=world.chainlead).exists()


def test_a_missing_required_input_is_refused_on_the_same_form(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)

    response = fire(client, case, "submit_resolution", resolution="  ")

    case.refresh_from_db()
    assert case.status == "handling"
    form = next(item["form"] for item in response.context["transitions"] if item["step"].action == "submit_resolution")
    assert form.errors["resolution"]
    assert any("Not done" in text or "未办理" in text or "resolution" in text.lower() for text in messages_of(response))


def test_a_stale_version_gets_the_conflict_message_and_keeps_the_input(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)
    stale = case.version
    # Someone else changes the case while the page is open.
    update_case(case, actor=world.office, title="改过的标题")

    response = fire(client, case, "submit_resolution", version=stale, resolution="已解决的说明")

    case.refresh_from_db()
    assert case.status == "handling"
    assert any(case.reference in text and str(stale) in text for text in messages_of(response))
    assert "已解决的说明" in response.content.decode()


def test_a_step_that_belongs_to_someone_else_is_refused(client, world):
    case = case_in_state(Bottleneck, "resolution_submitted", world=world)
    client.force_login(world.chainlead)

    response = fire(client, case, "close")

    case.refresh_from_db()
    assert case.status == "resolution_submitted"
    assert any("leading-group office" in text or "领导小组办公室" in text for text in messages_of(response))


def test_comments_empty_refused_then_added(client, world, bottleneck):
    client.force_login(world.enterprise)

    refused = panel(client, bottleneck, "comment", text=" ")
    assert refused.context["comment_form"].errors["text"]
    assert not bottleneck.comments.exists()

    panel(client, bottleneck, "comment", text="请尽快协调")
    assert list(bottleneck.comments.values_list("text", flat=True)) == ["请尽快协调"]


def test_attachments_bad_file_refused_good_file_downloadable_only_in_scope(client, world, bottleneck):
    client.force_login(world.chainlead)
    url = reverse("portal:panel", args=[bottleneck.pk, "attach"])

    refused = client.post(url, {"attach-file": SimpleUploadedFile("report.pdf", b"not a pdf at all")}, follow=True)
    assert refused.context["attach_form"].errors
    assert not Attachment.objects.exists()

    client.post(url, {"attach-file": SimpleUploadedFile("现场.png", PNG, content_type="image/png")})
    attachment = Attachment.objects.get()
    download = reverse("portal:download", args=[bottleneck.pk, attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG

    client.force_login(world.otherlead)
    assert client.get(download).status_code == 404
    # An attachment id of another case under a visible case's URL is a 404 too.
    other = case_in_state(Bottleneck, "handling", world=world, chain=world.wind)
    assert client.get(reverse("portal:download", args=[other.pk, attachment.pk])).status_code == 404


def test_progress_report_refusal_keeps_the_text_then_it_is_reported(client, world, task):
    client.force_login(world.chainlead)

    refused = panel(client, task, "progress", percent="150", text="完成设备招标")
    assert refused.context["progress_form"].errors
    assert "完成设备招标" in refused.content.decode()

    panel(client, task, "progress", percent="40", text="完成设备招标")
    task.refresh_from_db()
    assert task.progress == 40
    assert task.reports.get().text == "完成设备招标"


def test_progress_is_not_offered_to_whoever_is_not_responsible(client, world, task):
    client.force_login(world.enterprise)
    task.enterprises.add(world.citic)
    response = client.get(case_url(task))
    assert response.context["progress_form"] is None

    refused = panel(client, task, "progress", percent="10", text="x")
    assert any("responsible department" in text or "牵头" in text or "承办" in text for text in messages_of(refused))
    assert not task.reports.exists()


def test_extension_request_refused_without_reason_then_pending(client, world, task):
    client.force_login(world.chainlead)
    later = (task.due_at.date() + __import__("datetime").timedelta(days=20)).isoformat()

    refused = panel(client, task, "extension", new_due_date=later, reason="")
    assert refused.context["extension_form"].errors["reason"]
    assert not Extension.objects.exists()

    panel(client, task, "extension", new_due_date=later, reason="设备到货推迟")
    assert Extension.objects.get().status == "pending"


def test_acknowledging_a_supervision_notice(client, world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=-1)
    notice = escalate(case, actor=world.office, level=2, target="department_head", reason="请加快办理")
    client.force_login(world.chainlead)
    page = client.get(case_url(case))
    assert 'data-testid="acknowledge-notice"' in page.content.decode()

    panel(client, case, "ack", target=notice.pk)

    notice.refresh_from_db()
    assert notice.acknowledged_by == world.chainlead

    again = panel(client, case, "ack", target=notice.pk)
    assert any("already" in text or "已" in text for text in messages_of(again))


def test_only_the_addressee_may_acknowledge(client, world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=-1)
    notice = escalate(case, actor=world.office, level=2, target="task_force_leader", reason="进度滞后")
    client.force_login(world.chainlead)

    response = panel(client, case, "ack", target=notice.pk)

    notice.refresh_from_db()
    assert notice.acknowledged_at is None
    assert messages_of(response)


def test_the_page_costs_the_same_queries_with_1_or_10_comments_files_and_events(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)

    def count() -> int:
        client.get(case_url(case))
        with CaptureQueriesContext(connection) as queries:
            client.get(case_url(case))
        return len(queries)

    panel(client, case, "comment", text="留言")
    one = count()
    for index in range(9):
        panel(client, case, "comment", text=f"留言{index}")
    assert count() == one


@pytest.mark.parametrize("status", ["handling", "closed"])
def test_the_portal_offers_what_the_admin_offers(client, world, status):
    """Both pages are the engine's one presentation: the same steps, and the same forms where both draw
    them. A closed case still takes comments and files in both (the service takes them)."""
    case = case_in_state(Bottleneck, status, world=world)
    admin_page = reverse("admin:chains_bottleneck_change", args=[case.pk])
    for user in (world.chainlead, world.office, world.enterprise):
        client.force_login(user)
        portal = client.get(case_url(case))
        admin = client.get(admin_page).context["case_panels"]
        assert [item["step"].action for item in portal.context["transitions"]] == [
            item["step"].action for item in admin["transitions"]
        ]
        for name in ("comment", "attach", "extension"):
            assert (portal.context[f"{name}_form"] is None) == (admin[f"{name}_form"] is None), (user, name)
        assert 'data-testid="comment-form"' in portal.content.decode()
