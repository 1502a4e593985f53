"""The portal's read-only meeting pages: for the attendees, their units and the departments holding a
decision; anyone else gets a 404. The chain's 一链一清单 lists the chain's decisions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jinzhou.portal.chain_lists import task_list
from meetings.services import add_minutes
from tests.meetings.support import close
from tests.world import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def meeting(world, meet):
    return meet(attendees=[world.enterprise], decisions=[
        {"text": "钛白粉扩产", "chain": world.titanium, "department": world.mofcom, "due_in_working_days": 10},
    ])  # fmt: skip


def test_an_attendee_sees_the_meeting_with_its_decisions(client, world, meeting):
    client.force_login(world.enterprise)

    listed = client.get("/portal/meetings/")
    page = client.get(f"/portal/meetings/{meeting.pk}/")

    assert listed.status_code == 200 and f"/portal/meetings/{meeting.pk}/" in listed.content.decode()
    assert page.status_code == 200
    text = page.content.decode()
    assert "钛白粉扩产" in text and meeting.decisions.get().task.reference in text
    assert f"/portal/cases/{meeting.decisions.get().task_id}/" in text


def test_the_department_holding_a_decision_sees_it_and_a_stranger_gets_404(client, world, meeting):
    client.force_login(world.otherlead)  # 商务局 leads the decision
    assert client.get(f"/portal/meetings/{meeting.pk}/").status_code == 200

    client.force_login(world.chainlead)  # 工信局: neither attended nor holds a decision
    assert client.get(f"/portal/meetings/{meeting.pk}/").status_code == 404
    assert f"/portal/meetings/{meeting.pk}/" not in client.get("/portal/meetings/").content.decode()

    client.force_login(world.outsider)
    assert client.get(f"/portal/meetings/{meeting.pk}/").status_code == 404


def test_a_co_handling_department_sees_it_too(client, world, meet):
    staff = make_user("mofcom2", "chain_leader", department=world.mofcom)
    meeting = meet(decisions=[{"text": "协办事项", "chain": world.titanium, "department": world.miit,
                               "co_departments": [world.mofcom], "due_in_working_days": 5}])  # fmt: skip
    client.force_login(staff)
    assert client.get(f"/portal/meetings/{meeting.pk}/").status_code == 200


def test_the_minutes_are_downloaded_only_within_scope(client, world, meeting):
    minutes = add_minutes(meeting, actor=world.office, upload=SimpleUploadedFile("纪要.pdf", PDF, "application/pdf"))
    url = f"/portal/meetings/{meeting.pk}/minutes/{minutes.pk}/"

    client.force_login(world.enterprise)
    assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_a_refused_minutes_file_says_why(world, meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not really a PDF"):
        add_minutes(meeting, actor=world.office, upload=SimpleUploadedFile("纪要.pdf", b"MZ\x90\x00" * 20))
    assert not meeting.minutes.exists()


def test_the_menu_offers_meetings_to_department_staff(client, world):
    client.force_login(world.chainlead)
    assert 'href="/portal/meetings/"' in client.get("/portal/chains/").content.decode()


def test_the_chain_task_list_lists_the_chains_decisions_with_their_meeting(world, meet):
    empty = task_list(world.office, world.titanium)
    assert empty.note

    meeting = meet()
    close(meeting.decisions.order_by("number").first().task, world)
    listed = task_list(world.office, world.titanium)

    assert listed.note == ""
    assert [row[1] for row in listed.rows] == ["议定事项2", "议定事项3", "议定事项1"]
    assert [row[0] for row in listed.rows] == [1, 2, 3]
    assert all(row[2].startswith("Decided at Task force coordination meeting") for row in listed.rows)
    assert listed.rows[0][3] == "商务局"
    # The chain leader sees only the decisions they may see, each once.
    assert [row[1] for row in task_list(world.otherlead, world.titanium).rows] == ["议定事项2"]


def test_the_meeting_list_costs_the_same_queries_for_one_meeting_or_three(client, world, meet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meet(attendees=[world.chainlead], chains=[world.titanium])
    client.force_login(world.chainlead)
    client.get("/portal/meetings/")
    with CaptureQueriesContext(connection) as one:
        client.get("/portal/meetings/")
    meet(attendees=[world.chainlead], chains=[world.wind])
    meet(attendees=[world.chainlead])
    with CaptureQueriesContext(connection) as three:
        page = client.get("/portal/meetings/")

    assert len(page.context["meetings"]) == 3
    assert len(three) == len(one)


def test_a_decisions_case_page_names_the_meeting_it_was_decided_at(client, world, meeting):
    task = meeting.decisions.get().task
    client.force_login(world.otherlead)  # 商务局 leads it, and so may open the meeting

    page = client.get(f"/portal/cases/{task.pk}/").content.decode()

    assert f'href="/portal/meetings/{meeting.pk}/"' in page and str(meeting) in page
