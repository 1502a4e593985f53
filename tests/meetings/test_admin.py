"""The office records a meeting with several decisions in one step from the admin's meeting page,
and reads there how they stand (会议议定事项落实情况) and what the previous meeting left open."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from chains.models import ChainTask
from meetings.choices import MeetingKind
from meetings.models import Meeting
from tests.meetings.conftest import rows
from tests.meetings.support import close, make_overdue

ADD = "/admin/meetings/meeting/add/"


def form_data(world, decisions: list[dict], **fields) -> dict:
    data = {
        "kind": MeetingKind.TASK_FORCE,
        "date": timezone.localdate().isoformat(),
        "title": "第三次专班调度会",
        "chair": world.taskforce.pk,
        "attendees": [world.chainlead.pk],
        "departments": [world.miit.pk],
        "chains": [world.titanium.pk],
        "summary": "",
        "source_note": "",
        "decisions-TOTAL_FORMS": len(decisions),
        "decisions-INITIAL_FORMS": 0,
        "decisions-MIN_NUM_FORMS": 0,
        "decisions-MAX_NUM_FORMS": 1000,
        "minutes-TOTAL_FORMS": 0,
        "minutes-INITIAL_FORMS": 0,
        "minutes-MIN_NUM_FORMS": 0,
        "minutes-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for index, row in enumerate(decisions):
        prefix = f"decisions-{index}-"
        data[prefix + "text"] = row["text"]
        data[prefix + "chain"] = row["chain"].pk if row.get("chain") else ""
        data[prefix + "department"] = row["department"].pk if row.get("department") else ""
        data[prefix + "co_departments"] = [d.pk for d in row.get("co_departments", [])]
        data[prefix + "due_in_working_days"] = row.get("due_in_working_days") or ""
        data[prefix + "due_date"] = row.get("due_date") or ""
        data[prefix + "bottleneck"] = ""
    return data


@pytest.fixture
def office_client(client, world):
    client.force_login(world.office)
    return client


def test_the_office_records_a_meeting_with_three_decisions_in_one_step(office_client, world):
    response = office_client.post(ADD, form_data(world, rows(world)))

    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.created_by == world.office
    assert [d.task.responsible_department for d in meeting.decisions.order_by("number")] == [
        world.miit, world.mofcom, world.ndrc,
    ]  # fmt: skip
    assert ChainTask.objects.filter(source="meeting").count() == 3


def test_a_bad_row_shows_its_error_on_that_row_and_keeps_what_was_typed(office_client, world):
    bad = rows(world)
    bad[1]["department"] = None

    response = office_client.post(ADD, form_data(world, bad))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].errors == {"department": ["Choose the lead department."]}
    assert not formset.forms[0].errors and not formset.forms[2].errors
    page = response.content.decode()
    for text in ("议定事项1", "议定事项2", "议定事项3", "第三次专班调度会"):
        assert f'value="{text}"' in page
    assert not Meeting.objects.exists()
    assert not ChainTask.objects.exists()


def test_a_row_past_deadline_date_is_refused_on_its_row(office_client, world):
    bad = rows(world, 1)
    bad[0]["due_in_working_days"] = None
    bad[0]["due_date"] = (timezone.localdate() - dt.timedelta(days=3)).isoformat()

    response = office_client.post(ADD, form_data(world, bad))

    assert list(response.context["inline_admin_formsets"][0].formset.forms[0].errors) == ["due_date"]
    assert not Meeting.objects.exists()


def ids_in(url: str) -> set[int]:
    return {int(pk) for pk in re.search(r"id__in=([0-9,%C]+)", url).group(1).replace("%2C", ",").split(",")}


def test_the_meeting_page_shows_how_each_decision_stands_with_linked_totals(office_client, world, meet):
    meeting = meet()
    first, second, third = (d.task for d in meeting.decisions.order_by("number"))
    close(first, world)
    make_overdue(second)

    response = office_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    progress = response.context["progress"]
    assert (len(progress.on_time), len(progress.overdue), len(progress.closed)) == (1, 1, 1)
    links = response.context["total_links"]
    assert ids_in(unquote(links["closed"])) == {first.pk}
    assert ids_in(unquote(links["overdue"])) == {second.pk}
    assert ids_in(unquote(links["on_time"])) == {third.pk}
    page = response.content.decode()
    assert reverse("admin:chains_chaintask_change", args=[first.pk]) in page
    assert first.reference in page and "工信局" in page
    # Each total's link opens the admin's list of exactly those cases.
    listed = office_client.get(links["overdue"])
    assert listed.status_code == 200
    assert [case.pk for case in listed.context["cl"].result_list] == [second.pk]


def test_the_next_meeting_of_the_same_kind_lists_what_is_still_open(office_client, world, meet):
    earlier = meet(date=timezone.localdate() - dt.timedelta(days=30))
    done = earlier.decisions.order_by("number").first().task
    close(done, world)
    meet(decisions=[], kind=MeetingKind.MONTHLY, date=timezone.localdate() - dt.timedelta(days=10))
    later = meet(decisions=[], date=timezone.localdate())

    response = office_client.get(reverse("admin:meetings_meeting_change", args=[later.pk]))

    assert response.context["previous_meeting"] == earlier
    left = [decision.text for decision in response.context["left_open"]]
    assert left == ["议定事项2", "议定事项3"]
    assert "Still open from the previous meeting" in response.content.decode()


def test_others_only_read_the_meetings_in_their_scope(client, world, meet):
    meeting = meet(attendees=[world.enterprise])
    client.force_login(world.otherlead)  # 商务局 leads decision 2

    assert client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 200
    assert client.get(ADD).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 302


def test_a_refused_minutes_file_is_reported_on_its_row_and_nothing_is_saved(office_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(world, rows(world, 1))
    data.update({"minutes-TOTAL_FORMS": 1, "minutes-0-file": SimpleUploadedFile("纪要.pdf", b"MZ\x90\x00" * 20)})

    response = office_client.post(ADD, data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.forms[0].errors["file"]
    assert "not really a PDF" in errors[0]
    assert 'value="议定事项1"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_good_minutes_are_kept_with_the_meeting(office_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = form_data(world, [])
    data.update({"minutes-TOTAL_FORMS": 1, "minutes-0-file": SimpleUploadedFile("纪要.pdf", pdf)})

    assert office_client.post(ADD, data).status_code == 302
    minutes = Meeting.objects.get().minutes.get()
    assert (minutes.filename, minutes.content_type) == ("纪要.pdf", "application/pdf")
    assert minutes.uploaded_by == world.office


def test_the_chair_and_attendees_are_chosen_by_name_and_unit_never_by_login(office_client, world):
    world.chainlead.first_name, world.chainlead.last_name = "磊", "王"
    world.chainlead.save()

    page = office_client.get(ADD).content.decode()

    chair = page[page.index('name="chair"') : page.index("</select>", page.index('name="chair"'))]
    attendees = page[page.index('name="attendees"') : page.index("</select>", page.index('name="attendees"'))]
    for options in (chair, attendees):
        assert f'value="{world.chainlead.pk}">王磊（' in options
        assert ">chainlead<" not in options
