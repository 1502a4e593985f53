"""The chains' operation reports in the API: scope as everywhere (another chain's report is a 404),
the chain leader fills in the figures with If-Match, and submitting is a transition."""

import datetime as dt

import pytest

from chains.models import ChainReport
from chains.services import open_period_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world):
    open_period_reports(today=dt.date(2026, 11, 3))
    return {r.reporting_chain.code: r for r in ChainReport.objects.select_related("reporting_chain")}


def test_each_caller_lists_the_reports_they_may_see(api, world, reports):
    listed = api(world.chainlead).get("/api/v1/chain-reports/").json()["results"]
    assert [row["reference"] for row in listed] == [reports["MT-01"].reference]
    assert listed[0]["period_label"] == "2026年10月"
    assert api(world.office).get("/api/v1/chain-reports/").json()["count"] == 2
    assert api(world.outsider).get("/api/v1/chain-reports/").json()["count"] == 0
    assert api(world.otherlead).get(f"/api/v1/chain-reports/{reports['MT-01'].pk}/").status_code == 404
    # A key without the resource's scope is refused.
    assert api(world.chainlead, "tasks:read").get("/api/v1/chain-reports/").status_code == 403


def test_the_chain_leader_fills_in_and_submits(api, world, reports):
    report = reports["MT-01"]
    client = api(world.chainlead)
    url = f"/api/v1/chain-reports/{report.pk}/"
    body = {
        "output_value": "35.60",
        "above_scale_enterprises": 16,
        "investment_in_progress": "12.50",
        "bottlenecks_solved": 2,
        "narrative": "满负荷生产。",
        "capacities": [
            {
                "enterprise": world.citic.pk,
                "product": "氯化法钛白粉",
                "current_capacity": "6.00",
                "planned_capacity": "12.00",
                "unit": "wan_t_year",
            }
        ],
    }
    refused = client.patch(url, {**body, "output_value": "-1"}, format="json", HTTP_IF_MATCH=f'"{report.version}"')
    assert refused.status_code == 400
    done = client.patch(url, body, format="json", HTTP_IF_MATCH=f'"{report.version}"')
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["output_value"] == 35.6
    assert data["capacities"][0]["unit"] == "wan_t_year"
    assert data["capacities"][0]["planned_capacity"] == 12.0
    fired = client.post(
        f"/api/v1/cases/{report.pk}/transitions/",
        {"action": "submit"},
        format="json",
        HTTP_IF_MATCH=f'"{data["version"]}"',
    )
    assert fired.status_code == 200, fired.content
    assert ChainReport.objects.get(pk=report.pk).status == "submitted"
    # Once submitted, the figures are the office's to review, not to be changed.
    late = client.patch(url, body, format="json", HTTP_IF_MATCH=f'"{data["version"] + 1}"')
    assert late.status_code == 409
