"""The projects' cast, on top of ``tests.world``: the science and technology bureau (科技局, code
``most``) with ``scistaff``; 商务局 is the world's ``mofcom`` (``otherlead`` works there); the IP office
(市场监管局, ``samr``) with ``ipstaff``; two applicant enterprises (神工 with ``shengong``, a quartz
maker with ``quartz``) and two universities; three experts with logins, the third affiliated with
辽宁工业大学; and the programme 春芽计划 2022 with weighted criteria (50 / 30 / 20)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from jinzhou.org.choices import Role
from jinzhou.org.models import Chain, Department, Enterprise, Industry, Institution, SubField
from projects.models import Expert, Programme, ScoringCriterion
from tests.world import World, build_world, make_user


@dataclass
class Cast:
    world: World
    most: Department
    samr: Department
    scistaff: object
    ipstaff: object
    shengong_user: object
    quartz_user: object
    shengong: Enterprise
    quartz: Enterprise
    lnut: Institution
    jzmu: Institution
    quartz_chain: Chain
    programme: Programme
    criteria: list
    experts: list

    def __getattr__(self, name):
        return getattr(self.world, name)

    @property
    def users(self) -> dict:
        return {
            **self.world.users,
            "scistaff": self.scistaff,
            "ipstaff": self.ipstaff,
            "shengong": self.shengong_user,
            "quartz": self.quartz_user,
            **{f"expert{i}": expert.user for i, expert in enumerate(self.experts, start=1)},
        }


def build_cast() -> Cast:
    world = build_world()
    most = Department.objects.create(code="most", name="科技局", kind="city_bureau")
    samr = Department.objects.create(code="samr", name="市场监管局", kind="city_bureau")
    materials = Industry.objects.create(code="new-materials", name="新材料", order=5)
    ic = SubField.objects.create(industry=materials, code="nm-ic", name="集成电路材料")
    quartz_chain = Chain.objects.create(code="NM-02", name="半导体石英部件及坩埚", subfield=ic, leader_department=most)
    shengong = Enterprise.objects.create(name="锦州神工半导体股份有限公司", short_name="神工半导体")
    quartz = Enterprise.objects.create(name="锦州某石英材料有限公司", short_name="某石英材料")
    lnut = Institution.objects.create(name="辽宁工业大学", kind="university")
    jzmu = Institution.objects.create(name="锦州医科大学", kind="university")
    programme = Programme.objects.create(name="春芽计划 2022", year=2022)
    criteria = [
        ScoringCriterion.objects.create(programme=programme, name="技术方案", weight=Decimal(50), order=1),
        ScoringCriterion.objects.create(programme=programme, name="团队能力", weight=Decimal(30), order=2),
        ScoringCriterion.objects.create(programme=programme, name="经费预算", weight=Decimal(20), order=3),
    ]
    experts = []
    for index, name in enumerate(("王专家", "李专家", "张专家"), start=1):
        expert = Expert.objects.create(name=name, title="教授", user=make_user(f"expert{index}", None))
        experts.append(expert)
    experts[2].institutions.add(lnut)
    return Cast(
        world=world,
        most=most,
        samr=samr,
        scistaff=make_user("scistaff", Role.CHAIN_LEADER, department=most),
        ipstaff=make_user("ipstaff", Role.CHAIN_LEADER, department=samr),
        shengong_user=make_user("shengong", Role.CHAIN_OWNER, enterprise=shengong),
        quartz_user=make_user("quartz", Role.CHAIN_OWNER, enterprise=quartz),
        shengong=shengong,
        quartz=quartz,
        lnut=lnut,
        jzmu=jzmu,
        quartz_chain=quartz_chain,
        programme=programme,
        criteria=criteria,
        experts=experts,
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def english(settings):
    # The assertions read the English msgids; the default language (Chinese) would show translations.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
