"""Every error is problem+json; keys authenticate only while valid; throttling answers 429."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from chains.models import Bottleneck
from jinzhou.org.models import ApiKey
from jinzhou.org.services import revoke_api_key
from tests.api.contract import assert_problem
from tests.world import case_in_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        ("get", "/api/v1/no-such-thing/", {}, 404),
        ("get", "/api/nowhere", {}, 404),
        ("get", "/api/v1/cases/99999999999999999999/", {}, 404),
        ("get", "/api/v1/cases/999999999999999999/", {}, 404),
        ("get", "/api/v1/cases/abc/", {}, 404),
        ("delete", "/api/v1/cases/", {}, 405),
        ("put", "/api/v1/departments/", {}, 405),
        ("post", "/api/v1/bottlenecks/", {"data": "title=x", "content_type": "application/x-www-form-urlencoded"}, 415),
        ("post", "/api/v1/bottlenecks/", {"data": '{"title": ', "content_type": "application/json"}, 400),
        ("post", "/api/v1/bottlenecks/", {"data": '{"title": "a\\u0000b"}', "content_type": "application/json"}, 400),
        ("get", "/api/v1/cases/?q=a%00b", {}, 400),
        ("get", "/api/v1/cases/?offset=99999999999999999999", {}, 400),
        ("get", "/api/v1/cases/?limit=100000", {}, 400),
        ("get", "/api/v1/cases/?light=purple", {}, 400),
        ("get", "/api/v1/cases/?updated_since=yesterday", {}, 400),
        ("get", "/api/v1/cases/sync/?cursor=not-a-cursor", {}, 400),
        ("get", "/api/v1/enterprises/?park=99999999999999999999", {}, 200),
        (
            "post",
            "/api/v1/tasks/",
            {
                "data": {
                    "title": "t",
                    "chain": "MT-01",
                    "department": "miit",
                    "due_in_working_days": 99999999999999999999,
                },
                "format": "json",
            },
            400,
        ),
    ],
)
def test_errors_are_problems_never_500(world, api, method, url, kwargs, status):
    response = getattr(api(world.office), method)(url, **kwargs)
    if status == 200:
        assert response.status_code in (200, 400)
        return
    assert_problem(response, status)


def test_field_errors_are_listed_per_field(world, api):
    body = assert_problem(api(world.enterprise).post("/api/v1/bottlenecks/", {"severity": 9}, format="json"), 400)
    assert set(body["errors"]) == {"title", "severity"}


def test_unknown_revoked_and_expired_keys_are_401(world, api, key_for):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer jzk_nothing_here")
    assert_problem(client.get("/api/v1/cases/"), 401)
    raw = key_for(world.office)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/cases/").status_code == 200
    revoke_api_key(ApiKey.objects.get(user=world.office), actor=world.office)
    assert_problem(client.get("/api/v1/cases/"), 401)
    expired = key_for(world.office, expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {expired}")
    assert_problem(client.get("/api/v1/cases/"), 401)


def test_keys_are_stored_as_digests_and_record_their_last_use(world, key_for):
    raw = key_for(world.office)
    key = ApiKey.objects.get(user=world.office)
    assert raw not in (key.digest, key.prefix) and raw.startswith(f"jzk_{key.prefix}_")
    assert key.last_used_at is None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get("/api/v1/cases/")
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    client.get("/api/v1/cases/")
    key.refresh_from_db()
    assert key.last_used_at == first  # written at most once a minute


def test_a_key_sees_only_what_its_owner_sees(world, api):
    case = case_in_state(Bottleneck, "handling", world=world)
    assert api(world.chainlead).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert_problem(api(world.otherlead).get(f"/api/v1/cases/{case.pk}/"), 404)


def test_wildcard_scopes_and_write_needs_write(world, api):
    reader = api(world.enterprise, "*:read")
    assert reader.get("/api/v1/cases/").status_code == 200
    assert_problem(reader.post("/api/v1/bottlenecks/", {"title": "x"}, format="json"), 403)


def test_throttled_requests_get_429_with_retry_after(world, api):
    from jinzhou.api.throttling import ApiKeyRateThrottle

    # The throttle reads its rates once, at import: set them on the class for this test only.
    original = ApiKeyRateThrottle.THROTTLE_RATES
    ApiKeyRateThrottle.THROTTLE_RATES = {"api": "3/min"}
    try:
        client, other = api(world.office), api(world.office)
        for _attempt in range(3):
            assert client.get("/api/v1/industries/").status_code == 200
        response = client.get("/api/v1/industries/")
        assert_problem(response, 429)
        assert 1 <= int(response["Retry-After"]) <= 60
        assert other.get("/api/v1/industries/").status_code == 200  # counted per key
    finally:
        ApiKeyRateThrottle.THROTTLE_RATES = original


def test_session_login_works_for_the_browsable_api(world, client):
    client.force_login(world.office)
    response = client.get("/api/v1/cases/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and b"<html" in response.content.lower()


def test_schema_and_docs_are_served_without_a_key(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # The docs page loads Swagger UI from our own static files (drf-spectacular-sidecar), not a CDN.
    assert b"/static/drf_spectacular_sidecar/" in docs.content and b"cdn" not in docs.content.lower()
