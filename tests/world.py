"""A small, named org chart for tests: who is who, and cases put in any state.

Named users, as Zulip's tests do, so that a failing assertion reads like the domain:
``office`` (leading-group office), ``leader`` (leading group), ``taskforce`` (task-force leader of
the metals industry), ``chainlead`` (工信局 staff, chain leader of the titanium chain),
``otherlead`` (商务局 staff, chain leader of a chain in another industry), ``enterprise`` (a user
of 中信钛业, the chain owner) and ``outsider`` (a user of an unrelated enterprise).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.inputs import end_of_day
from jinzhou.casework.models import Case
from jinzhou.casework.services import import_case
from jinzhou.org.choices import Role
from jinzhou.org.models import Chain, Department, Enterprise, Industry, SubField, TaskForce, UserProfile


@dataclass
class World:
    office: User
    leader: User
    taskforce: User
    chainlead: User
    otherlead: User
    enterprise: User
    outsider: User
    miit: Department
    mofcom: Department
    group_dept: Department
    titanium: Chain
    wind: Chain
    citic: Enterprise
    other_enterprise: Enterprise

    @property
    def users(self) -> dict[str, User]:
        names = ("office", "leader", "taskforce", "chainlead", "otherlead", "enterprise", "outsider")
        return {name: getattr(self, name) for name in names}


def make_user(username: str, role: str | None, *, department=None, enterprise=None, institution=None) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(role__code=role))
    UserProfile.objects.create(user=user, department=department, enterprise=enterprise, institution=institution)
    return user


def build_world() -> World:
    group_dept = Department.objects.create(code="group", name="领导小组", kind="leading_group")
    office_dept = Department.objects.create(code="office", name="领导小组办公室", kind="office", parent=group_dept)
    miit = Department.objects.create(code="miit", name="工信局", kind="city_bureau")
    mofcom = Department.objects.create(code="mofcom", name="商务局", kind="city_bureau")
    metals = Industry.objects.create(code="metals", name="金属材料", order=1)
    energy = Industry.objects.create(code="energy", name="新能源", order=2)
    ti = SubField.objects.create(industry=metals, code="ti", name="钛及钛合金")
    wind_field = SubField.objects.create(industry=energy, code="wind", name="风电")
    titanium = Chain.objects.create(code="MT-01", name="钛白粉", subfield=ti, leader_department=miit)
    wind = Chain.objects.create(code="NE-01", name="风电装备", subfield=wind_field, leader_department=mofcom)
    citic = Enterprise.objects.create(name="中信钛业")
    other = Enterprise.objects.create(name="某风电企业")
    world = World(
        office=make_user("office", Role.OFFICE, department=office_dept),
        leader=make_user("leader", Role.LEADING_GROUP, department=group_dept),
        taskforce=make_user("taskforce", Role.TASK_FORCE_LEADER),
        chainlead=make_user("chainlead", Role.CHAIN_LEADER, department=miit),
        otherlead=make_user("otherlead", Role.CHAIN_LEADER, department=mofcom),
        enterprise=make_user("enterprise", Role.CHAIN_OWNER, enterprise=citic),
        outsider=make_user("outsider", Role.CHAIN_OWNER, enterprise=other),
        miit=miit,
        mofcom=mofcom,
        group_dept=group_dept,
        titanium=titanium,
        wind=wind,
        citic=citic,
        other_enterprise=other,
    )
    TaskForce.objects.create(industry=metals, name="金属材料产业专班", leader=world.taskforce)
    miit.head = world.chainlead
    miit.save()
    return world


def case_in_state(model, status: str, *, world: World, chain=None, due_in_days: int = 10, **fields) -> Case:
    """A case put straight into ``status`` with what that state implies (assignment, deadline).

    Test set-up only: it bypasses the workflow on purpose, so that every state can be tested."""
    import datetime as dt

    from django.utils import timezone

    spec = next(s for s in __import__("jinzhou.casework.kinds", fromlist=["all_kinds"]).all_kinds() if s.model is model)
    chain = chain or world.titanium
    defaults = {
        "title": f"测试{spec.label}",
        "chain": chain,
        "reporter": world.enterprise,
        "reporter_enterprise": world.citic,
        "created_by": world.office,
    }
    assigned = status not in ("draft", "submitted", "returned", "accepted") or model is ChainTask
    if assigned:
        defaults.update(
            responsible_department=chain.leader_department, assigned_by=world.office, assigned_at=timezone.now()
        )
    defaults.update(fields)
    due_at = end_of_day(timezone.localdate() + dt.timedelta(days=due_in_days)) if assigned else None
    return import_case(model, state=status, due_at=due_at, **defaults)


__all__ = ["Bottleneck", "ChainTask", "World", "build_world", "case_in_state", "make_user"]
