"""The alliances' endpoints held to the generic API contract (tests/api/contract.py), plus the
evaluation's own writes: the lead member's self-assessment and the reviewers' scores."""

import itertools

import pytest

from alliances.models import Alliance, AllianceEvaluation
from tests.alliances.support import SCORES, alliance_in_state, build_alliance_world, evaluation_in_state
from tests.api.conftest import _api_settings, api, key_for  # noqa: F401  (the API tests' fixtures)
from tests.api.contract import Endpoint, EndpointContract, assert_problem

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


@pytest.fixture
def world(db):
    # The contract names its users by attribute; the alliance world adds bureau, rhein and shengong.
    return build_alliance_world()


def rhein_alliance(aw):
    alliance = alliance_in_state(aw, "typical", title=f"莱茵动力联盟{next(_serial)}")
    from alliances.services import add_member

    add_member(alliance, actor=aw.bureau, enterprise=aw.hanna)
    add_member(alliance, actor=aw.bureau, institution=aw.liaoning_tech)
    alliance.joint_projects.create(title="高集成化三合一动力总成系统", programme="辽宁省科技重大专项")
    return alliance


def shengong_alliance(aw):
    return alliance_in_state(aw, "provincial", lead=aw.shengong_enterprise, title=f"神工联盟{next(_serial)}")


def rhein_evaluation(aw):
    return evaluation_in_state(aw, "self_assessment", year=2000 + next(_serial))


def shengong_evaluation(aw):
    return evaluation_in_state(aw, "self_assessment", alliance=shengong_alliance(aw), year=2000 + next(_serial))


class TestAlliances(EndpointContract):
    endpoint = Endpoint(
        "alliances",
        "/api/v1/alliances/",
        Alliance,
        "rhein",
        rhein_alliance,
        queries=5,
        make_hidden=shengong_alliance,
        creator="rhein",
        create_data=lambda aw: {"title": "莱茵动力新能源汽车热管理产学研联盟", "submit": True},
        updater="rhein",
        update_data=lambda aw, obj: {"market_goals": "三合一电驱动系统国内市场占有率进入前五"},
    )


class TestAllianceEvaluations(EndpointContract):
    endpoint = Endpoint(
        "alliance-evaluations",
        "/api/v1/alliance-evaluations/",
        AllianceEvaluation,
        "rhein",
        rhein_evaluation,
        queries=3,
        make_hidden=shengong_evaluation,
        creator="bureau",
        create_data=lambda aw: {
            "alliance": alliance_in_state(aw, "typical", title="待评估联盟").pk,
            "year": 2025,
            "due_in_working_days": 10,
        },
    )


def test_the_lead_member_records_and_submits_its_self_assessment(world, api):  # noqa: F811
    evaluation = evaluation_in_state(world, "self_assessment", self_report="", self_scores={})
    client = api(world.rhein, "alliance-evaluations:read,alliance-evaluations:write,cases:write")
    url = f"/api/v1/alliance-evaluations/{evaluation.pk}/"
    response = client.post(
        url + "self-assessment/",
        {"report": "年度运行良好", "scores": SCORES},
        format="json",
        HTTP_IF_MATCH=f'"{evaluation.version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["self_scores"]["innovation"] == 90
    stale = client.post(url + "self-assessment/", {"report": "再次", "scores": SCORES}, format="json",
                        HTTP_IF_MATCH=f'"{evaluation.version}"')  # fmt: skip
    assert stale.status_code == 412
    response = client.post(f"/api/v1/cases/{evaluation.pk}/transitions/", {"action": "submit"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    # Scoring is the city's: the lead member's key is refused, the bureau's is not.
    body = assert_problem(client.post(url + "review-scores/", {"scores": SCORES}, format="json"), 403)
    assert body["detail"]
    bureau = api(world.bureau, "alliance-evaluations:write")
    response = bureau.post(url + "review-scores/", {"scores": {**SCORES, "service": "70"}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["scores"]["service"] == 70


def test_bad_scores_are_400_with_the_field(world, api):  # noqa: F811
    evaluation = evaluation_in_state(world, "self_assessment")
    client = api(world.rhein)
    response = client.post(
        f"/api/v1/alliance-evaluations/{evaluation.pk}/self-assessment/",
        {"report": "x", "scores": {**SCORES, "service": "101"}},
        format="json",
    )
    assert_problem(response, 400)


def test_a_transition_takes_the_inputs_its_kind_declares(world, api):  # noqa: F811
    """The kind's own inputs (here the province's approval date and document) pass through the API
    to the workflow service, which validates them like any other."""
    alliance = alliance_in_state(world, "recommended", title=f"联盟{next(_serial)}")
    url = f"/api/v1/cases/{alliance.pk}/transitions/"
    listed = api(world.bureau).get(url).json()
    approve = next(item for item in listed if item["action"] == "approve")
    assert {field["name"] for field in approve["inputs"]} >= {"approved_on", "approval_document"}

    missing = assert_problem(api(world.bureau).post(url, {"action": "approve"}, format="json"), 400)
    assert "approved_on" in missing["errors"]
    wrong_type = assert_problem(
        api(world.bureau).post(url, {"action": "approve", "approved_on": {"y": 2022}}, format="json"), 400
    )
    assert "approved_on" in wrong_type["errors"]

    response = api(world.bureau).post(
        url,
        {"action": "approve", "approved_on": "2022-06-30", "approval_document": "辽科发〔2022〕18号"},
        format="json",
    )
    assert response.status_code == 200, response.content
    alliance.refresh_from_db()
    assert alliance.status == "provincial"
    assert (str(alliance.approved_on), alliance.approval_document) == ("2022-06-30", "辽科发〔2022〕18号")
