"""The alliances' cast on top of ``tests.world``: the science-and-technology bureau (科技局) and its
clerk ``bureau``; 莱茵动力 with its user ``rhein`` (lead member of the powertrain alliance); 神工 with
its user ``shengong`` (lead member of another alliance); members; and alliances or evaluations put in
any state for the matrix tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from alliances.models import Alliance, AllianceEvaluation
from alliances.services import bureau, record_existing_alliance
from jinzhou.casework.inputs import end_of_day
from jinzhou.casework.services import import_case
from jinzhou.org.choices import Role
from jinzhou.org.models import Department, Enterprise, Institution
from tests.world import World, build_world, make_user


@dataclass
class AllianceWorld:
    world: World
    most: Department
    rhein_enterprise: Enterprise
    shengong_enterprise: Enterprise
    hanna: Enterprise
    liaoning_tech: Institution
    bureau: object
    rhein: object
    shengong: object

    @property
    def users(self) -> dict:
        return {**self.world.users, "bureau": self.bureau, "rhein": self.rhein, "shengong": self.shengong}

    def __getattr__(self, name):
        return getattr(self.world, name)


def build_alliance_world() -> AllianceWorld:
    world = build_world()
    most = Department.objects.create(code="most", name="锦州市科学技术局", short_name="科技局", kind="city_bureau")
    rhein_enterprise = Enterprise.objects.create(name="莱茵动力(锦州)有限公司", short_name="莱茵动力")
    shengong_enterprise = Enterprise.objects.create(name="锦州神工半导体股份有限公司", short_name="神工")
    hanna = Enterprise.objects.create(name="锦州汉拿电机有限公司")
    liaoning_tech = Institution.objects.create(name="辽宁工业大学", kind="university", city="锦州")
    return AllianceWorld(
        world=world,
        most=most,
        rhein_enterprise=rhein_enterprise,
        shengong_enterprise=shengong_enterprise,
        hanna=hanna,
        liaoning_tech=liaoning_tech,
        bureau=make_user("bureau", Role.CHAIN_LEADER, department=most),
        rhein=make_user("rhein", Role.CHAIN_OWNER, enterprise=rhein_enterprise),
        shengong=make_user("shengong", Role.CHAIN_OWNER, enterprise=shengong_enterprise),
    )


def alliance_in_state(aw: AllianceWorld, status: str, *, lead=None, title="辽宁莱茵动力电动汽车动力总成产学研联盟"):
    """An alliance recorded straight in ``status`` (as the seed records the approved ones)."""
    return record_existing_alliance(
        title=title,
        status=status,
        lead_enterprise=lead or aw.rhein_enterprise,
        is_sample=False,
        source_note="test",
        contact_person=aw.rhein if (lead or aw.rhein_enterprise) == aw.rhein_enterprise else None,
    )


SCORES = {"innovation": "90", "performance": "88", "service": "86", "operation": "92", "benefit_sharing": "84"}


def evaluation_in_state(aw: AllianceWorld, status: str, *, alliance=None, year=2025, **fields) -> AllianceEvaluation:
    """An evaluation put straight into ``status`` with what that state implies. Test set-up only."""
    alliance = alliance or alliance_in_state(aw, "typical")
    submitted = status not in ("self_assessment", "returned")
    values = {
        "title": f"{alliance.title} {year}",
        "alliance": alliance,
        "parent": alliance,
        "year": year,
        "responsible_department": bureau(),
        "responsible_person": alliance.contact_person,
        "reporter_enterprise": alliance.lead_enterprise,
        "assigned_by": aw.bureau,
        "created_by": aw.bureau,
        "self_report": "联盟年度运行良好。",
        "self_scores": SCORES,
        "scores": SCORES if submitted else {},
        **fields,
    }
    due_at = None if submitted else end_of_day(timezone.localdate() + dt.timedelta(days=20))
    return import_case(AllianceEvaluation, state=status, due_at=due_at, **values)


__all__ = ["SCORES", "Alliance", "AllianceWorld", "alliance_in_state", "build_alliance_world", "evaluation_in_state"]
