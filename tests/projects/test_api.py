"""The projects' endpoints held to the generic API contract (tests/api/contract.py): 401, 403 without
the scope, 404 outside scope, reading, creating audited as the key's owner, and list query counts
that do not grow with the page."""

import datetime as dt
import itertools

import pytest

from jinzhou.casework.services import transition
from projects import services
from projects.models import AwardApplication, Challenge, ChallengeApplication, InvestmentActivity, InvestmentProject
from tests.api.conftest import _api_settings, api, key_for  # noqa: F401  (the API tests' fixtures)
from tests.api.contract import Endpoint, EndpointContract, assert_problem
from tests.projects.conftest import build_cast

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


@pytest.fixture
def world(db):
    # The contract names its users by attribute; the projects' cast adds scistaff, ipstaff, shengong, quartz.
    return build_cast()


def challenge(cast, **fields):
    return services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title=f"揭榜项目{next(_serial)}", technical_problem="难题",
        chain=cast.quartz_chain, **fields,
    )  # fmt: skip


def hidden_challenge(cast):
    return services.create_challenge(
        actor=cast.office, programme=cast.programme, title="别处的榜单", technical_problem="难题", chain=cast.wind,
        department=cast.samr,
    )  # fmt: skip


def published(cast):
    return transition(challenge(cast), "publish", actor=cast.scistaff, due_in_working_days=10)


def application_of(user):
    def make(cast):
        return services.submit_application(published(cast), actor=getattr(cast, user), team="t", plan="p", budget_wan=1)

    return make


def activity_by(user):
    def make(cast):
        return services.record_activity(
            actor=getattr(cast, user), date=dt.date(2021, 5, 1), title=f"招商活动{next(_serial)}",
            activity_kind="outbound_visit", leader_level="vice_mayor", enterprises=[cast.citic],
        )  # fmt: skip

    return make


def project(cast, **fields):
    defaults = {"actor": cast.otherlead, "title": f"项目{next(_serial)}", "enterprise": cast.citic, "chain": cast.wind}
    return services.create_investment_project(**{**defaults, **fields})


def topic(cast):
    return services.submit_award_application(
        actor=cast.ipstaff, title=f"知识产权课题{next(_serial)}", category="ip_topic", year=2022,
        applicant_institution=cast.jzmu,
    )  # fmt: skip


class TestChallenges(EndpointContract):
    endpoint = Endpoint(
        "challenges",
        "/api/v1/challenges/",
        Challenge,
        "scistaff",
        challenge,
        queries=3,
        make_hidden=hidden_challenge,
        creator="scistaff",
        create_data=lambda cast: {
            "programme": "春芽计划 2022",
            "title": "芯片级高端半导体石英坩埚",
            "technical_problem": "高纯石英坩埚的纯度控制",
            "chain": "NM-02",
            "funding_wan": "500.00",
        },
    )


class TestChallengeApplications(EndpointContract):
    endpoint = Endpoint(
        "challenge-applications",
        "/api/v1/challenge-applications/",
        ChallengeApplication,
        "shengong_user",
        application_of("shengong_user"),
        queries=5,  # the three of every list, plus the partner enterprises and institutions, prefetched
        make_hidden=application_of("quartz_user"),
        creator="quartz_user",
        create_data=lambda cast: {"challenge": published(cast).pk, "team": "团队", "plan": "方案", "budget_wan": "300"},
    )


class TestInvestmentActivities(EndpointContract):
    endpoint = Endpoint(
        "investment-activities",
        "/api/v1/investment-activities/",
        InvestmentActivity,
        "chainlead",
        activity_by("chainlead"),
        queries=5,  # the three of every list and two prefetches (商务局 staff comes with the user)
        make_hidden=activity_by("otherlead"),
        creator="chainlead",
        create_data=lambda cast: {
            "date": "2021-06-01",
            "title": "赴广东招商",
            "activity_kind": "outbound_visit",
            "leader_level": "vice_mayor",
            "destination_province": "广东",
            "enterprises": [cast.citic.pk],
            "chains": ["MT-01"],
        },
    )


class TestInvestmentProjects(EndpointContract):
    endpoint = Endpoint(
        "investment-projects",
        "/api/v1/investment-projects/",
        InvestmentProject,
        "otherlead",
        project,
        queries=3,
        make_hidden=lambda cast: project(cast, actor=cast.office, department=cast.most, chain=None),
        creator="otherlead",
        create_data=lambda cast: {"title": "国电投40万千瓦风电项目", "enterprise": cast.citic.pk, "amount_yi": "23.00"},
    )


class TestAwardApplications(EndpointContract):
    endpoint = Endpoint(
        "applications",
        "/api/v1/applications/",
        AwardApplication,
        "ipstaff",
        topic,
        queries=3,
        make_hidden=lambda cast: services.submit_award_application(
            actor=cast.scistaff, title="科技进步奖项目", category="progress", year=2022, applicant_enterprise=cast.citic
        ),
        creator="ipstaff",
        create_data=lambda cast: {
            "title": "专利导航",
            "category": "ip_topic",
            "year": 2022,
            "applicant_institution": cast.lnut.pk,
        },
    )


def test_applying_to_a_challenge_that_is_not_published_is_404(world, api):  # noqa: F811
    draft = challenge(world)
    client = api(world.shengong_user)
    body = {"challenge": draft.pk, "team": "t", "plan": "p", "budget_wan": "1"}
    assert_problem(client.post("/api/v1/challenge-applications/", body, format="json"), 404)


def test_double_counting_is_a_400_with_the_reason(world, api):  # noqa: F811
    project(world, title="国电投40万千瓦风电项目")
    client = api(world.otherlead)
    body = {"title": "国电投40万千瓦风电项目", "enterprise": world.citic.pk}
    problem = assert_problem(client.post("/api/v1/investment-projects/", body, format="json"), 400)
    assert "count the same signing twice" in str(problem)
