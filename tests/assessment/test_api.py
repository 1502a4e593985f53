"""The read API: a year's targets with their progress for the leaders and the office; the published
assessments only, with their figures as published."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from assessment import services
from assessment.models import Assessment
from jinzhou.org.models import ApiKey
from jinzhou.org.services.api_keys import digest_of, new_raw_key
from tests.assessment.conftest import target

pytestmark = pytest.mark.usefixtures("world")


@pytest.fixture(autouse=True)
def _throttles():
    cache.clear()


def client_of(user) -> APIClient:
    prefix, raw = new_raw_key()
    ApiKey.objects.create(name="k", user=user, scopes="*:read", prefix=prefix, digest=digest_of(raw))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_targets_with_progress_for_the_leaders_only(world):
    target(world.linghai, "projects_signed", 4)
    rows = client_of(world.leader).get("/api/v1/targets/?year=2026&as_of=2026-07-02").json()
    assert rows == [
        {
            "id": rows[0]["id"], "year": 2026, "unit_kind": "department", "unit_id": world.linghai.pk,
            "unit": "凌海市", "indicator": "projects_signed", "indicator_label": rows[0]["indicator_label"],
            "target": 4.0, "actual": 0.0, "percent": 0.0, "schedule": 50.1, "met": False,
            "behind": True, "is_sample": False,
        }
    ]  # fmt: skip
    assert client_of(world.chainlead).get("/api/v1/targets/?year=2026").json() == []
    assert client_of(world.leader).get("/api/v1/targets/?year=soon").status_code == 400


def test_only_published_assessments_are_served(world):
    assessment = services.start_assessment(2026, actor=world.office)
    client = client_of(world.chainlead)
    assert client.get("/api/v1/assessments/").json()["results"] == []
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    services.review(assessment, actor=world.office)
    services.publish(Assessment.objects.get(pk=assessment.pk), actor=world.office)
    body = client.get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert body["status"] == "published" and body["year"] == 2026
    miit = next(row for row in body["rows"] if row["department"] == "工信局")
    assert miit["total"] == 100.0 and miit["figures"][0] == {"figure": "—", "score": "40.00"}
