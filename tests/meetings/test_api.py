"""/api/v1/meetings/: list and detail with the decisions and their cases' state, in the caller's
scope; the office records a meeting with its decisions in one call."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.support import close, make_overdue

LIST_QUERIES = 9


@pytest.fixture
def key_client():
    from rest_framework.test import APIClient

    from jinzhou.org.models import ApiKey
    from jinzhou.org.services import digest_of, new_raw_key

    def make(user, scopes="*:read,*:write"):
        prefix, raw = new_raw_key()
        ApiKey.objects.create(name=f"key {user.username}", user=user, scopes=scopes, prefix=prefix,
                              digest=digest_of(raw))  # fmt: skip
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


def test_the_list_shows_each_decision_with_its_case_state_in_a_fixed_number_of_queries(world, meet, key_client):
    api = key_client(world.office, "meetings:read")
    first = meet()
    close(first.decisions.order_by("number").first().task, world)
    make_overdue(first.decisions.get(number=2).task)
    api.get("/api/v1/meetings/")  # warm the key's caches

    with CaptureQueriesContext(connection) as one:
        response = api.get("/api/v1/meetings/")
    meet()
    meet()
    with CaptureQueriesContext(connection) as three:
        more = api.get("/api/v1/meetings/")

    assert response.status_code == 200
    assert len(more.json()["results"]) == 3
    # The key, the count, the meetings, their attendees, units, chains, enterprises, decisions and the
    # decisions' cases with their lights: the same whatever the number of meetings and decisions.
    assert len(one) == len(three) == LIST_QUERIES, [query["sql"][:80] for query in three.captured_queries]
    item = response.json()["results"][0]
    assert [d["standing"] for d in item["decisions"]] == ["closed", "overdue", "on_time"]
    assert [d["case"]["light"] for d in item["decisions"]] == ["grey", "red", "green"]
    assert item["decisions"][0]["case"]["responsible_department"]["code"] == "miit"


def test_the_detail_is_scoped_and_carries_an_etag(world, meet, key_client):
    meeting = meet(attendees=[world.enterprise])

    mine = key_client(world.enterprise).get(f"/api/v1/meetings/{meeting.pk}/")
    assert mine.status_code == 200 and mine["ETag"]
    assert mine.json()["decisions"][1]["case"]["reference"] == meeting.decisions.get(number=2).task.reference

    stranger = key_client(world.outsider).get(f"/api/v1/meetings/{meeting.pk}/")
    assert stranger.status_code == 404
    assert stranger["Content-Type"].startswith("application/problem+json")
    assert key_client(world.outsider).get("/api/v1/meetings/").json()["results"] == []


def body(world, **fields):
    return {
        "meeting_kind": "task_force",
        "date": timezone.localdate().isoformat(),
        "title": "API 调度会",
        "attendees": [world.chainlead.pk],
        "chains": ["MT-01"],
        "decisions": [
            {"text": "事项一", "chain": "MT-01", "department": "miit", "co_departments": ["mofcom"],
             "due_in_working_days": 10},
            {"text": "事项二", "chain": "MT-01", "department": "mofcom", "due_in_working_days": 5},
        ],
        **fields,
    }  # fmt: skip


def test_the_office_records_a_meeting_with_its_decisions_in_one_idempotent_call(world, key_client):
    api = key_client(world.office, "meetings:write,meetings:read")

    created = api.post("/api/v1/meetings/", body(world), format="json", HTTP_IDEMPOTENCY_KEY="meet-1")
    again = api.post("/api/v1/meetings/", body(world), format="json", HTTP_IDEMPOTENCY_KEY="meet-1")

    assert created.status_code == 201, created.json()
    assert again.status_code == 201 and again.json()["id"] == created.json()["id"]
    assert Meeting.objects.count() == 1
    decisions = created.json()["decisions"]
    assert [(d["text"], d["case"]["status"]) for d in decisions] == [("事项一", "assigned"), ("事项二", "assigned")]


def test_a_bad_decision_refuses_the_call_and_names_the_row(world, key_client):
    api = key_client(world.office)
    bad = body(world)
    bad["decisions"][1]["due_in_working_days"] = None

    response = api.post("/api/v1/meetings/", bad, format="json")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"] == {
        "decisions.1.due_in_working_days": ["Give a deadline: a number of working days, or a date."]
    }
    assert not Meeting.objects.exists()


def test_only_the_office_records_and_only_with_the_scope(world, key_client):
    assert key_client(world.chainlead).post("/api/v1/meetings/", body(world), format="json").status_code == 403
    read_only = key_client(world.office, "meetings:read")
    assert read_only.post("/api/v1/meetings/", body(world), format="json").status_code == 403
    assert key_client(world.office, "cases:read").get("/api/v1/meetings/").status_code == 403
    assert not Meeting.objects.exists()


def test_the_list_filters_by_kind_and_chain(world, meet, key_client):
    from meetings.choices import MeetingKind

    monthly = meet(decisions=[], kind=MeetingKind.MONTHLY, chains=[world.wind])
    meet(decisions=[])
    api = key_client(world.office)

    assert [m["id"] for m in api.get("/api/v1/meetings/?meeting_kind=monthly").json()["results"]] == [monthly.pk]
    assert [m["id"] for m in api.get("/api/v1/meetings/?chain=NE-01").json()["results"]] == [monthly.pk]
    assert api.get("/api/v1/meetings/?meeting_kind=nonsense").status_code == 400
