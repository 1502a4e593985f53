"""Idempotent POSTs, ETags and If-Match, and transitions through the workflow service."""

import pytest

from chains.models import Bottleneck
from jinzhou.api.models import IdempotencyRecord
from jinzhou.casework.models import TimelineEvent
from tests.api.contract import assert_problem
from tests.world import case_in_state

pytestmark = pytest.mark.django_db

REPORT = {"title": "蒸汽管网压力不足", "chain": "MT-01", "severity": 3}


def test_same_idempotency_key_and_body_replays_the_first_response(world, api):
    client = api(world.enterprise)
    first = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="report-42")
    again = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="report-42")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and again["Location"] == first["Location"]
    assert Bottleneck.objects.filter(title=REPORT["title"]).count() == 1


def test_same_idempotency_key_with_another_body_is_422(world, api):
    client = api(world.enterprise)
    client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    other = client.post("/api/v1/bottlenecks/", {**REPORT, "severity": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert_problem(other, 422)
    assert Bottleneck.objects.count() == 1


def test_idempotency_keys_belong_to_their_api_key(world, api):
    one, two = api(world.enterprise), api(world.enterprise)
    assert one.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert two.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert Bottleneck.objects.count() == 2


def test_a_refused_request_is_replayed_too_and_a_new_key_runs_again(world, api):
    client = api(world.enterprise)
    bad = {"title": ""}
    first = client.post("/api/v1/bottlenecks/", bad, format="json", HTTP_IDEMPOTENCY_KEY="bad")
    again = client.post("/api/v1/bottlenecks/", bad, format="json", HTTP_IDEMPOTENCY_KEY="bad")
    assert_problem(first, 400)
    assert_problem(again, 400)
    assert again["Idempotent-Replayed"] == "true"


def test_a_key_still_in_progress_is_409(world, api):
    from django.utils import timezone

    client = api(world.enterprise)
    assert client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="slow").status_code == 201
    # As if the first request were still running: its record has no response yet.
    IdempotencyRecord.objects.filter(key="slow").update(
        status_code=None, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert_problem(client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="slow"), 409)


def test_an_expired_idempotency_key_may_be_used_again(world, api):
    from django.utils import timezone

    client = api(world.enterprise)
    client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyRecord.objects.filter(key="old").update(expires_at=timezone.now())
    again = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="old")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Bottleneck.objects.count() == 2


def test_detail_carries_the_version_as_etag(world, api):
    case = case_in_state(Bottleneck, "submitted", world=world)
    response = api(world.office).get(f"/api/v1/cases/{case.pk}/")
    assert response["ETag"] == f'"{case.version}"'
    assert response.json()["version"] == case.version


def test_transition_with_a_stale_etag_is_412_and_changes_nothing(world, api):
    case = case_in_state(Bottleneck, "submitted", world=world)
    client = api(world.office)
    etag = client.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    ok = client.post(f"/api/v1/cases/{case.pk}/transitions/", {"action": "accept"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert ok["ETag"] != etag
    stale = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"action": "assign", "department": world.miit.pk, "due_in_working_days": 5},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert_problem(stale, 412)
    case.refresh_from_db()
    assert case.status == "accepted"


def test_patch_with_a_stale_etag_is_412(world, api):
    draft = case_in_state(Bottleneck, "draft", world=world)
    client = api(world.enterprise)
    etag = client.get(f"/api/v1/bottlenecks/{draft.pk}/")["ETag"]
    assert (
        client.patch(
            f"/api/v1/bottlenecks/{draft.pk}/", {"title": "一改"}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    stale = client.patch(f"/api/v1/bottlenecks/{draft.pk}/", {"title": "二改"}, format="json", HTTP_IF_MATCH=etag)
    assert_problem(stale, 412)
    draft.refresh_from_db()
    assert draft.title == "一改"


def test_a_version_conflict_inside_the_service_is_412(world, api, monkeypatch):
    from jinzhou.casework import services
    from jinzhou.casework.exceptions import VersionConflict

    case = case_in_state(Bottleneck, "submitted", world=world)

    def conflicting(*args, **kwargs):
        raise VersionConflict("changed meanwhile")

    monkeypatch.setattr(services, "transition", conflicting)
    response = api(world.office).post(
        f"/api/v1/cases/{case.pk}/transitions/", {"action": "accept"}, format="json", HTTP_IF_MATCH=f'"{case.version}"'
    )
    assert assert_problem(response, 412)["detail"] == "changed meanwhile"


def test_enterprise_etag_and_if_match(world, api):
    client = api(world.office)
    url = f"/api/v1/enterprises/{world.citic.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"short_name": "中信"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert_problem(client.patch(url, {"short_name": "钛业"}, format="json", HTTP_IF_MATCH=etag), 412)


def test_only_the_office_edits_enterprises(world, api):
    response = api(world.enterprise).patch(f"/api/v1/enterprises/{world.citic.pk}/", {"short_name": "x"}, format="json")
    assert_problem(response, 403)


def test_credit_code_is_validated(world, api):
    response = api(world.office).post(
        "/api/v1/enterprises/", {"name": "某公司", "credit_code": "91210700MA00000070"}, format="json"
    )
    body = assert_problem(response, 400)
    assert "check character" in body["errors"]["credit_code"][0]


def test_transitions_lists_the_callers_actions_with_their_inputs(world, api):
    case = case_in_state(Bottleneck, "accepted", world=world)
    office = api(world.office).get(f"/api/v1/cases/{case.pk}/transitions/").json()
    assign = next(item for item in office if item["action"] == "assign")
    names = {field["name"]: field["required"] for field in assign["inputs"]}
    assert names["department"] is True and "due_date" in names and "due_in_working_days" in names
    assert api(world.enterprise).get(f"/api/v1/cases/{case.pk}/transitions/").json() == []


def test_a_transition_goes_through_the_workflow_and_leaves_a_record(world, api):
    case = case_in_state(Bottleneck, "accepted", world=world)
    response = api(world.office).post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"action": "assign", "department": world.miit.pk, "due_in_working_days": 5, "note": "请尽快办理"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "assigned" and body["responsible_department"]["code"] == "miit" and body["due_at"]
    event = TimelineEvent.objects.filter(case_id=case.pk, action="assign").get()
    assert event.actor == world.office
    assert case.history.model.objects.filter(id=case.pk).latest("history_id").history_user == world.office


def test_transition_refusals_are_problems(world, api):
    case = case_in_state(Bottleneck, "accepted", world=world)
    url = f"/api/v1/cases/{case.pk}/transitions/"
    missing = assert_problem(api(world.office).post(url, {"action": "assign"}, format="json"), 400)
    assert set(missing["errors"]) >= {"department", "due_date"}
    assert_problem(api(world.office).post(url, {"action": "close"}, format="json"), 409)
    assert_problem(api(world.enterprise).post(url, {"action": "assign"}, format="json"), 403)
    assert_problem(api(world.outsider).post(url, {"action": "assign"}, format="json"), 404)


def test_a_reporter_edits_a_draft_but_not_after_submitting(world, api):
    client = api(world.enterprise)
    created = client.post("/api/v1/bottlenecks/", {**REPORT, "submit": True}, format="json").json()
    assert created["status"] == "submitted" and created["source"] == "partner"
    assert_problem(client.patch(f"/api/v1/bottlenecks/{created['id']}/", {"title": "改"}, format="json"), 403)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_bottleneck(key_for):
    import threading

    from django.db import connections
    from rest_framework.test import APIClient

    from tests.world import build_world

    world = build_world()
    raw = key_for(world.enterprise)
    barrier = threading.Barrier(4)
    statuses = []

    def send():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        barrier.wait()
        try:
            response = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="race")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # One ran; the others waited for it on the key's record and got its answer replayed.
    assert statuses == [201] * 4
    assert Bottleneck.objects.filter(title=REPORT["title"]).count() == 1
    assert IdempotencyRecord.objects.get(key="race").status_code == 201


def test_a_request_that_fails_halfway_leaves_nothing_and_its_retry_runs(world, api, monkeypatch):
    # The bottleneck is written, then something unexpected fails before the answer is stored (as
    # when a worker dies): the bottleneck goes with it, and the partner's retry with the same key
    # creates it once, instead of finding the key stuck or the case created twice.
    from chains.api import views as bottleneck_views

    client = api(world.enterprise)
    original = bottleneck_views.BottleneckViewSet.detail_response

    def fail_after_writing(self, case, status=200):
        assert Bottleneck.objects.filter(pk=case.pk).exists()
        raise RuntimeError("the worker died")

    monkeypatch.setattr(bottleneck_views.BottleneckViewSet, "detail_response", fail_after_writing)
    failed = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="halfway")
    assert_problem(failed, 500)
    assert not Bottleneck.objects.filter(title=REPORT["title"]).exists()
    assert not IdempotencyRecord.objects.filter(key="halfway").exists()
    assert not TimelineEvent.objects.filter(case__title=REPORT["title"]).exists()

    monkeypatch.setattr(bottleneck_views.BottleneckViewSet, "detail_response", original)
    retried = client.post("/api/v1/bottlenecks/", REPORT, format="json", HTTP_IDEMPOTENCY_KEY="halfway")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert Bottleneck.objects.filter(title=REPORT["title"]).count() == 1
