"""The case admin as clerks use it: lists, scope, the workflow buttons, the export, bulk assignment."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from chains.models import Bottleneck, ChainTask
from chains.workflows import BOTTLENECK
from jinzhou.casework.exceptions import VersionConflict
from jinzhou.casework.models import Attachment, Case, TimelineEvent
from jinzhou.casework.services import attach_file, request_extension, transition
from tests.casework.admin_support import (
    accepted_bottleneck,
    admin_url,
    assigned_bottleneck,
    build_cast,
    chain_task,
    make_overdue,
    submitted_bottleneck,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def cast(db):
    return build_cast()


def client_for(client, user):
    client.force_login(user)
    return client


def listed(response) -> list[str]:
    return [case.reference for case in response.context["cl"].result_list]


def count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


class TestChangelist:
    @pytest.mark.parametrize("who", ["office", "chainlead"])
    def test_query_count_does_not_grow_with_rows(self, client, cast, who):
        client = client_for(client, getattr(cast, who))
        url = admin_url(Bottleneck, "changelist")
        assigned_bottleneck(cast)
        client.get(url)  # warm the per-process caches (calendar, content types)
        one, response = count_queries(client, url)
        assert len(listed(response)) == 1
        for number in range(99):
            if number % 3:
                submitted_bottleneck(cast, title=f"堵点 {number}")
            else:
                make_overdue(assigned_bottleneck(cast, title=f"堵点 {number}"))
        hundred, response = count_queries(client, url)
        assert len(listed(response)) == 100
        assert hundred == one

    def test_light_filter_returns_exactly_the_red_cases(self, client, cast):
        red = [assigned_bottleneck(cast, title=f"红 {n}") for n in range(2)]
        for case in red:
            make_overdue(case)
        assigned_bottleneck(cast, title="绿")
        submitted_bottleneck(cast, title="未交办")
        response = client_for(client, cast.office).get(admin_url(Bottleneck, "changelist") + "?light=red")
        assert sorted(listed(response)) == sorted(case.reference for case in red)
        assert "case-light-red" in response.content.decode()

    def test_most_urgent_first(self, client, cast):
        green = assigned_bottleneck(cast, title="绿", days=30)
        red = assigned_bottleneck(cast, title="红")
        make_overdue(red)
        response = client_for(client, cast.office).get(admin_url(Bottleneck, "changelist"))
        assert listed(response)[:2] == [red.reference, green.reference]

    def test_chain_leader_sees_only_their_cases(self, client, cast):
        mine = submitted_bottleneck(cast, chain=cast.wind, title="风电堵点")
        other = submitted_bottleneck(cast, chain=cast.titanium)
        client = client_for(client, cast.otherlead)
        response = client.get(admin_url(Bottleneck, "changelist"))
        assert listed(response) == [mine.reference]
        response = client.get(admin_url(Bottleneck, "change", other.pk))
        assert response.status_code == 302
        assert response.url == reverse("admin:index")
        assert client.get(admin_url(Bottleneck, "change", mine.pk)).status_code == 200

    def test_all_cases_list_links_to_the_kinds_page(self, client, cast):
        case = submitted_bottleneck(cast)
        client = client_for(client, cast.office)
        response = client.get(reverse("admin:casework_case_changelist"))
        assert listed(response) == [case.reference]
        assert admin_url(Bottleneck, "change", case.pk) in response.content.decode()
        response = client.get(reverse("admin:casework_case_change", args=[case.pk]))
        assert response.url == admin_url(Bottleneck, "change", case.pk)


class TestChangePage:
    def test_buttons_are_exactly_the_visitors_transitions(self, client, cast):
        case = submitted_bottleneck(cast)
        office_page = client_for(client, cast.office).get(admin_url(Bottleneck, "change", case.pk))
        client.logout()
        leader_page = client_for(client, cast.chainlead).get(admin_url(Bottleneck, "change", case.pk))
        assert leader_page.status_code == office_page.status_code == 200
        for step in BOTTLENECK.transitions:
            url = admin_url(Bottleneck, "transition", case.pk, step.action)
            assert (url in office_page.content.decode()) == (step.action in {"accept", "return"}), step.action
            assert url not in leader_page.content.decode()

    def test_transition_moves_the_status_and_appears_on_the_timeline(self, client, cast):
        case = submitted_bottleneck(cast)
        client = client_for(client, cast.office)
        url = admin_url(Bottleneck, "transition", case.pk, "accept")
        response = client.post(url, {"t-accept-version": case.version, "t-accept-note": "材料齐全"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "accepted"
        event = TimelineEvent.objects.get(case=case, action="accept")
        page = client.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
        assert escape(event.summary) in page
        assert "材料齐全" in page

    def test_missing_required_note_shows_the_error_and_changes_nothing(self, client, cast):
        case = submitted_bottleneck(cast)
        events = TimelineEvent.objects.filter(case=case).count()
        url = admin_url(Bottleneck, "transition", case.pk, "return")
        response = client_for(client, cast.office).post(url, {"t-return-version": case.version, "t-return-note": " "})
        assert response.status_code == 200
        form = response.context["bound_panel_forms"]["t-return"]
        assert form.errors["note"]
        assert escape(form.errors["note"][0]) in response.content.decode()
        case.refresh_from_db()
        assert (case.status, case.version) == ("submitted", 2)
        assert TimelineEvent.objects.filter(case=case).count() == events

    def test_stale_version_shows_the_conflict_and_keeps_the_input(self, client, cast):
        case = submitted_bottleneck(cast)
        stale = case.version - 1
        with pytest.raises(VersionConflict) as conflict:
            transition(case, "return", actor=cast.office, version=stale, note="x")
        url = admin_url(Bottleneck, "transition", case.pk, "return")
        response = client_for(client, cast.office).post(
            url, {"t-return-version": stale, "t-return-note": "请补充材料说明"}
        )
        page = response.content.decode()
        assert escape(conflict.value.message) in page
        assert "请补充材料说明" in page
        case.refresh_from_db()
        assert case.status == "submitted"

    def test_edit_goes_through_update_case_with_the_loaded_version(self, client, cast):
        case = accepted_bottleneck(cast)
        client = client_for(client, cast.office)
        url = admin_url(Bottleneck, "change", case.pk)
        form = client.get(url).context["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        data.update(title="新标题", loaded_version=case.version)
        assert client.post(url, data).status_code == 302
        case.refresh_from_db()
        assert (case.title, case.status) == ("新标题", "accepted")
        assert TimelineEvent.objects.filter(case=case, kind="edited").exists()
        data.update(title="又一个标题")  # the page still carries the version it was loaded with
        response = client.post(url, data)
        assert response.status_code == 200
        assert case.reference in "".join(response.context["adminform"].form.non_field_errors())
        case.refresh_from_db()
        assert case.title == "新标题"

    def test_add_pages_create_through_the_services(self, client, cast):
        client = client_for(client, cast.office)
        response = client.post(
            admin_url(Bottleneck, "add"),
            {
                "title": "缺少原料",
                "chain": cast.titanium.pk,
                "bottleneck_kind": "blockage",
                "severity": 2,
                "priority": 2,
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        bottleneck = Bottleneck.objects.get(title="缺少原料")
        assert bottleneck.reference.startswith("DD-") and bottleneck.status == "draft"
        assert bottleneck.reporter == cast.office
        response = client.post(
            admin_url(ChainTask, "add"),
            {
                "title": "扩产任务",
                "chain": cast.titanium.pk,
                "responsible_department": cast.miit.pk,
                "due_in_working_days": 15,
                "report_cadence": "monthly",
                "priority": 2,
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        task = ChainTask.objects.get(title="扩产任务")
        assert task.reference.startswith("RW-") and task.due_at and task.assigned_by == cast.office

    def test_add_page_shows_the_services_refusal(self, client, cast):
        response = client_for(client, cast.office).post(
            admin_url(ChainTask, "add"),
            {
                "title": "无期限",
                "chain": cast.titanium.pk,
                "responsible_department": cast.miit.pk,
                "priority": 2,
                "report_cadence": "monthly",
            },
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["due_date"]
        assert not ChainTask.objects.exists()


class TestPanels:
    def test_comment_and_attachment_download_respect_scope(self, client, cast, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        case = submitted_bottleneck(cast)
        client = client_for(client, cast.office)
        response = client.post(admin_url(Bottleneck, "panel", case.pk, "comment"), {"comment-text": "请尽快核实"})
        assert response.status_code == 302
        upload = SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")
        response = client.post(admin_url(Bottleneck, "panel", case.pk, "attach"), {"attach-file": upload})
        assert response.status_code == 302
        attachment = Attachment.objects.get(case=case)
        url = admin_url(Bottleneck, "attachment", case.pk, attachment.pk)
        download = client.get(url)
        assert download.status_code == 200
        assert "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content) == PNG
        page = client.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
        assert "请尽快核实" in page and url in page
        client.logout()
        outsider = client_for(client, cast.otherlead)
        assert outsider.get(url).status_code == 404
        assert (
            outsider.post(admin_url(Bottleneck, "panel", case.pk, "comment"), {"comment-text": "x"}).status_code == 404
        )

    def test_attachment_of_another_case_is_404(self, client, cast, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        mine = submitted_bottleneck(cast, chain=cast.wind)
        other = submitted_bottleneck(cast)
        upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
        attachment = attach_file(other, actor=cast.office, upload=upload)
        client = client_for(client, cast.otherlead)
        assert client.get(admin_url(Bottleneck, "attachment", mine.pk, attachment.pk)).status_code == 404

    def test_extension_request_and_decision(self, client, cast):
        case = assigned_bottleneck(cast)
        case = transition(case, "acknowledge", actor=cast.chainlead)
        later = (timezone.localtime(case.due_at).date() + dt.timedelta(days=20)).isoformat()
        leader = client_for(client, cast.chainlead)
        response = leader.post(
            admin_url(Bottleneck, "panel", case.pk, "extension"),
            {"extension-new_due_date": later, "extension-reason": "设备到货延迟"},
        )
        assert response.status_code == 302
        leader.logout()
        office = client_for(client, cast.office)
        case.refresh_from_db()
        extension = case.extensions.get()
        page = office.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
        assert admin_url(Bottleneck, "panel", case.pk, "decide") in page
        response = office.post(
            admin_url(Bottleneck, "panel", case.pk, "decide"),
            {"decide-version": case.version, "decide-target": extension.pk, "decide-decision": "approve"},
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert timezone.localtime(case.due_at).date().isoformat() == later
        assert case.original_due_at < case.due_at

    def test_rejecting_an_extension_needs_a_note(self, client, cast):
        case = assigned_bottleneck(cast)
        later = timezone.localtime(case.due_at).date() + dt.timedelta(days=20)
        extension = request_extension(case, actor=cast.chainlead, new_due_date=later, reason="设备到货延迟")
        case.refresh_from_db()
        url = admin_url(Bottleneck, "panel", case.pk, "decide")
        data = {"decide-version": case.version, "decide-target": extension.pk, "decide-decision": "reject"}
        response = client_for(client, cast.office).post(url, data)
        assert response.status_code == 200
        assert response.context["bound_panel_forms"]["decide"].errors["note"]
        extension.refresh_from_db()
        assert extension.status == "pending"

    def test_supervision_notice_and_co_handling(self, client, cast):
        case = assigned_bottleneck(cast)
        office = client_for(client, cast.office)

        def panel(name: str) -> str:
            return admin_url(Bottleneck, "panel", case.pk, name)

        notice = {"escalate-level": 2, "escalate-target": "department_head", "escalate-reason": "进度滞后"}
        assert office.post(panel("escalate"), notice).status_code == 302
        response = office.post(
            panel("cohandler"), {"cohandler-department": cast.mofcom.pk, "cohandler-due_in_working_days": 3}
        )
        assert response.status_code == 302
        office.logout()
        notice = case.escalations.get()
        assert notice.target_department == cast.miit
        leader = client_for(client, cast.chainlead)
        assert leader.post(panel("ack"), {"ack-target": notice.pk}).status_code == 302
        notice.refresh_from_db()
        assert notice.acknowledged_by == cast.chainlead
        leader.logout()
        co_handling = case.co_handlings.get()
        other = client_for(client, cast.otherlead)
        page = other.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
        assert panel("feedback") in page and panel("escalate") not in page
        response = other.post(panel("feedback"), {"feedback-target": co_handling.pk, "feedback-feedback": "已协调用地"})
        assert response.status_code == 302
        co_handling.refresh_from_db()
        assert (co_handling.status, co_handling.feedback) == ("done", "已协调用地")

    def test_progress_report_on_a_chain_task(self, client, cast):
        task = chain_task(cast)
        task = transition(task, "acknowledge", actor=cast.chainlead)
        task = transition(task, "start", actor=cast.chainlead)
        client = client_for(client, cast.chainlead)
        url = admin_url(ChainTask, "panel", task.pk, "progress")
        refused = client.post(url, {"progress-percent": 140, "progress-text": "已完成设备招标"})
        assert refused.status_code == 200 and "已完成设备招标" in refused.content.decode()
        response = client.post(url, {"progress-percent": 40, "progress-text": "已完成设备招标"})
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.progress == 40
        page = client.get(admin_url(ChainTask, "change", task.pk)).content.decode()
        assert "已完成设备招标" in page and "40%" in page


class TestExportAndBulk:
    def test_excel_export_matches_the_filtered_list(self, client, cast):
        red = assigned_bottleneck(cast, title="红")
        make_overdue(red)
        assigned_bottleneck(cast, title="绿")
        submitted_bottleneck(cast, chain=cast.wind)
        client = client_for(client, cast.office)
        query = f"?light=red&chain__id__exact={cast.titanium.pk}"
        shown = listed(client.get(admin_url(Bottleneck, "changelist") + query))
        response = client.get(admin_url(Bottleneck, "export") + query)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows[0]) == 17
        assert [row[0] for row in rows[1:]] == shown == [red.reference]
        everything = client.get(admin_url(Bottleneck, "export"))
        sheet = load_workbook(io.BytesIO(b"".join(everything.streaming_content))).active
        assert sheet.max_row - 1 == Case.objects.count() == 3

    def test_export_respects_scope(self, client, cast):
        submitted_bottleneck(cast)
        mine = submitted_bottleneck(cast, chain=cast.wind)
        response = client_for(client, cast.otherlead).get(admin_url(Bottleneck, "export"))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [mine.reference]

    def test_bulk_assign_assigns_several_and_reports_refusals(self, client, cast):
        accepted = [accepted_bottleneck(cast, title=f"待交办 {n}") for n in range(3)]
        not_yet = submitted_bottleneck(cast, title="尚未受理")
        client = client_for(client, cast.office)
        url = admin_url(Bottleneck, "changelist")
        selected = [case.pk for case in [*accepted, not_yet]]
        page = client.post(url, {"action": "bulk_assign", "_selected_action": selected})
        assert page.status_code == 200 and "apply" in page.content.decode()
        response = client.post(
            url,
            {
                "action": "bulk_assign",
                "_selected_action": selected,
                "apply": "1",
                "department": cast.miit.pk,
                "due_in_working_days": 5,
            },
            follow=True,
        )
        statuses = dict(Bottleneck.objects.values_list("pk", "status"))
        assert [statuses[case.pk] for case in accepted] == ["assigned"] * 3
        assert statuses[not_yet.pk] == "submitted"
        texts = [str(message) for message in response.context["messages"]]
        assert sum(not_yet.reference in text for text in texts) == 1
        assert all(Bottleneck.objects.get(pk=case.pk).responsible_department == cast.miit for case in accepted)

    def test_bulk_assign_is_the_offices(self, client, cast):
        response = client_for(client, cast.chainlead).get(admin_url(Bottleneck, "changelist"))
        assert "bulk_assign" not in response.content.decode()
