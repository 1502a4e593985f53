"""Every endpoint, declared once and held to the generic contract (tests/api/contract.py)."""

import itertools

import pytest

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Case
from jinzhou.notifications.models import Notification
from jinzhou.org.models import Chain, Department, Enterprise, Industry, SubField
from jinzhou.org.validators import complete_credit_code
from tests.api.contract import Endpoint, EndpointContract
from tests.world import case_in_state

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


def valid_credit_code() -> str:
    return complete_credit_code("91210700", f"MA{next(_serial):06d}")


def department(world):
    n = next(_serial)
    return Department.objects.create(code=f"dept-{n}", name=f"部门{n}", kind="county")


def industry(world):
    n = next(_serial)
    return Industry.objects.create(code=f"ind-{n}", name=f"产业{n}", order=n)


def subfield(world):
    n = next(_serial)
    return SubField.objects.create(industry=world.titanium.industry, code=f"sf-{n}", name=f"细分{n}")


def chain(world):
    n = next(_serial)
    made = Chain.objects.create(
        code=f"CH-{n}", name=f"链{n}", subfield=world.titanium.subfield, leader_department=world.miit
    )
    made.ownerships.create(enterprise=world.citic)
    node = made.nodes.create(segment="midstream", name=f"环节{n}")
    node.enterprises.add(world.citic)
    case_in_state(Bottleneck, "handling", world=world, chain=made)
    return made


def enterprise(world):
    made = Enterprise.objects.create(name=f"企业{next(_serial)}", credit_code=valid_credit_code())
    made.chains.add(world.titanium)
    return made


def titanium_case(world, model=Bottleneck, status="handling"):
    made = case_in_state(model, status, world=world)
    if model is Bottleneck:
        made.affected_enterprises.add(world.citic)
    return made


def wind_case(world, model=Bottleneck):
    return case_in_state(
        model, "assigned", world=world, chain=world.wind, reporter=world.otherlead, reporter_enterprise=None
    )


def notification(user):
    def make(world):
        case = case_in_state(Bottleneck, "handling", world=world)
        n = next(_serial)
        return Notification.objects.create(
            recipient=getattr(world, user), case=case, step=f"s{n}", title="提醒", dedupe_key=f"k{n}"
        )

    return make


class TestDepartments(EndpointContract):
    endpoint = Endpoint("departments", "/api/v1/departments/", Department, "outsider", department, queries=3)


class TestIndustries(EndpointContract):
    endpoint = Endpoint("industries", "/api/v1/industries/", Industry, "outsider", industry, queries=3)


class TestSubFields(EndpointContract):
    endpoint = Endpoint("subfields", "/api/v1/subfields/", SubField, "outsider", subfield, queries=3)


class TestChains(EndpointContract):
    endpoint = Endpoint("chains", "/api/v1/chains/", Chain, "chainlead", chain, queries=7)


class TestEnterprises(EndpointContract):
    endpoint = Endpoint(
        "enterprises",
        "/api/v1/enterprises/",
        Enterprise,
        "outsider",
        enterprise,
        queries=5,  # the fifth prefetches the designations
        creator="office",
        create_data=lambda world: {
            "name": "锦州新材料有限公司",
            "credit_code": valid_credit_code(),
            "chains": ["MT-01"],
        },
        updater="office",
        update_data=lambda world, obj: {"short_name": "新材料"},
    )


class TestCases(EndpointContract):
    endpoint = Endpoint("cases", "/api/v1/cases/", Case, "chainlead", titanium_case, queries=3, make_hidden=wind_case)


class TestBottlenecks(EndpointContract):
    endpoint = Endpoint(
        "bottlenecks",
        "/api/v1/bottlenecks/",
        Bottleneck,
        "enterprise",
        lambda world: titanium_case(world, status="draft"),
        queries=4,
        make_hidden=wind_case,
        creator="enterprise",
        create_data=lambda world: {"title": "原料运输受阻", "chain": "MT-01", "severity": 3},
        updater="enterprise",
        update_data=lambda world, obj: {"title": "原料运输受阻（更正）", "severity": 1},
    )


class TestChainTasks(EndpointContract):
    endpoint = Endpoint(
        "tasks",
        "/api/v1/tasks/",
        ChainTask,
        "chainlead",
        lambda world: titanium_case(world, model=ChainTask, status="in_progress"),
        queries=3,
        make_hidden=lambda world: wind_case(world, model=ChainTask),
        creator="office",
        create_data=lambda world: {
            "title": "编制钛产业链图谱",
            "chain": "MT-01",
            "department": "miit",
            "due_in_working_days": 10,
        },
    )


class TestNotifications(EndpointContract):
    endpoint = Endpoint(
        "notifications",
        "/api/v1/notifications/",
        Notification,
        "enterprise",
        notification("enterprise"),
        queries=3,
        make_hidden=notification("outsider"),
    )
