"""A case's timeline and comments over the API: read in scope, written through the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzhou.casework import services
from jinzhou.casework.models import Case, Comment, TimelineEvent
from tests.api.contract import assert_problem
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db


def assigned_case(world):
    case = case_in_state(Bottleneck, "accepted", world=world)
    services.transition(
        Case.objects.get(pk=case.pk).as_kind(),
        "assign",
        actor=world.office,
        department=world.miit,
        due_in_working_days=5,
        note="请尽快办理",
    )
    return case


def test_the_timeline_lists_who_did_what_oldest_first(world, api):
    case = assigned_case(world)
    services.add_comment(Case.objects.get(pk=case.pk), actor=world.chainlead, text="已联系海关")
    world.office.first_name, world.office.last_name = "芳", "王"
    world.office.save()
    response = api(world.chainlead).get(f"/api/v1/cases/{case.pk}/events/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    assign, comment = body["results"]
    assert (assign["kind"], assign["action"], assign["to_status"], assign["note"]) == (
        "transition",
        "assign",
        "assigned",
        "请尽快办理",
    )
    # A Chinese name is written family name first, without a space, as people write it.
    assert assign["actor"] == "王芳" and assign["at"]
    assert (comment["kind"], comment["note"], comment["actor"]) == ("comment", "已联系海关", "chainlead")


def test_the_timeline_costs_the_same_queries_for_one_event_or_many(world, api):
    case = assigned_case(world)
    client = api(world.office)
    client.get("/api/v1/cases/")  # the key's first use records it (one write a minute)
    counts = {}
    for events in (1, 30):
        while TimelineEvent.objects.filter(case_id=case.pk).count() < events:
            services.add_comment(Case.objects.get(pk=case.pk), actor=world.chainlead, text="进展")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/cases/{case.pk}/events/", {"limit": 100})
        assert response.json()["count"] == events
        counts[events] = len(queries)
    # The key with its owner's facts, the case in scope (as its kind), the count, the page with actors.
    assert counts == {1: 4, 30: 4}


def test_a_comment_is_written_through_the_service_and_read_back(world, api):
    case = assigned_case(world)
    client = api(world.chainlead)
    response = client.post(
        f"/api/v1/cases/{case.pk}/comments/",
        {"text": "  已协调港口优先通关  "},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c-1",
    )
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "已协调港口优先通关" and response.json()["author"] == "chainlead"
    again = client.post(
        f"/api/v1/cases/{case.pk}/comments/",
        {"text": "  已协调港口优先通关  "},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c-1",
    )
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Comment.objects.filter(case_id=case.pk).count() == 1
    assert TimelineEvent.objects.filter(case_id=case.pk, kind="comment", actor=world.chainlead).count() == 1
    listed = api(world.office).get(f"/api/v1/cases/{case.pk}/comments/").json()
    assert [(row["author"], row["text"]) for row in listed["results"]] == [("chainlead", "已协调港口优先通关")]


def test_an_empty_comment_is_a_400_naming_the_field_and_writes_nothing(world, api):
    case = assigned_case(world)
    body = assert_problem(
        api(world.chainlead).post(f"/api/v1/cases/{case.pk}/comments/", {"text": "   "}, format="json"), 400
    )
    assert "text" in body["errors"]
    assert_problem(api(world.chainlead).post(f"/api/v1/cases/{case.pk}/comments/", {}, format="json"), 400)
    assert not Comment.objects.filter(case_id=case.pk).exists()


def test_records_outside_the_callers_scope_are_404_and_writing_needs_the_scope(world, api):
    case = assigned_case(world)
    outsider = api(world.otherlead)
    for path in ("events", "comments"):
        assert_problem(outsider.get(f"/api/v1/cases/{case.pk}/{path}/"), 404)
    assert_problem(outsider.post(f"/api/v1/cases/{case.pk}/comments/", {"text": "看看"}, format="json"), 404)
    reader = api(world.chainlead, "cases:read")
    assert reader.get(f"/api/v1/cases/{case.pk}/comments/").status_code == 200
    body = assert_problem(reader.post(f"/api/v1/cases/{case.pk}/comments/", {"text": "看看"}, format="json"), 403)
    assert "cases:write" in body["detail"]
    assert not Comment.objects.filter(case_id=case.pk).exists()
