"""Enterprises in the API carry their designations (主体培育), read-only, and are filtered by designation,
chain and industry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzhou.org.models import Enterprise, EnterpriseDesignation

pytestmark = pytest.mark.django_db


def designate(enterprise, designation, year, level="", source="市工信局公布名单"):
    return EnterpriseDesignation.objects.create(
        enterprise=enterprise, designation=designation, level=level, year=year, source=source
    )


def test_an_enterprise_shows_its_designations(world, api):
    designate(world.citic, "chain_owner", 2022, source="文章/seed")
    designate(world.citic, "specialised", 2024, level="national", source="工信部第六批名单")

    body = api(world.office).get(f"/api/v1/enterprises/{world.citic.pk}/").json()

    assert body["designations"] == [
        {"designation": "specialised", "level": "national", "year": 2024, "source": "工信部第六批名单"},
        {"designation": "chain_owner", "level": "", "year": 2022, "source": "文章/seed"},
    ]


def test_designations_cannot_be_written_through_the_enterprise(world, api):
    client = api(world.office)
    etag = client.get(f"/api/v1/enterprises/{world.citic.pk}/").headers["ETag"]

    response = client.patch(
        f"/api/v1/enterprises/{world.citic.pk}/",
        {"designations": [{"designation": "high_tech", "level": "", "year": 2024, "source": "x"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200
    assert response.json()["designations"] == []
    assert not EnterpriseDesignation.objects.exists()


def test_the_list_filters_by_designation_chain_and_industry(world, api):
    world.citic.chains.add(world.titanium)
    world.other_enterprise.chains.add(world.wind)
    designate(world.citic, "high_tech", 2023)
    designate(world.citic, "high_tech", 2024)
    client = api(world.office)

    def names(query: str) -> list:
        response = client.get(f"/api/v1/enterprises/?{query}")
        assert response.status_code == 200, response.content
        return [row["name"] for row in response.json()["results"]]

    assert names("designation=high_tech") == ["中信钛业"]  # two rows, listed once
    assert names("designation=tech_sme") == []
    assert names("chain=NE-01") == ["某风电企业"]
    assert names("industry=metals") == ["中信钛业"]
    assert client.get("/api/v1/enterprises/?designation=nonsense").status_code == 400


def test_the_list_costs_the_same_queries_for_1_or_20_designated_enterprises(world, api):
    client = api(world.office)

    def count() -> int:
        client.get("/api/v1/enterprises/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/enterprises/")
        return len(queries)

    designate(world.citic, "leading", 2022)
    one = count()
    for index in range(20):
        enterprise = Enterprise.objects.create(name=f"企业{index}")
        designate(enterprise, "high_tech", 2023)
        designate(enterprise, "tech_sme", 2024)
    assert count() == one
