"""A small catalogue and cast for the case admin's and the dashboard's tests.

Users are real members of the role groups (created by the org migration) with a UserProfile
department; cases are created and moved through the services, as a clerk would. Only the clock is
faked, by moving a case's timestamps (``make_overdue``, ``close_late``), because the services
rightly refuse deadlines in the past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from chains.services import create_chain_task, report_bottleneck
from jinzhou.casework.models import Case
from jinzhou.casework.services import transition
from jinzhou.org.choices import Role
from jinzhou.org.models import Chain, Department, Enterprise, Industry, SubField, UserProfile


@dataclass
class Cast:
    office: User
    chainlead: User  # 工信局 staff: chain leader of the titanium chain
    otherlead: User  # 商务局 staff: chain leader of the wind chain
    reporter: User  # a user of 中信钛业, the chain owner
    office_dept: Department
    miit: Department
    mofcom: Department
    titanium: Chain
    wind: Chain


def make_user(username: str, role: str, *, department=None, enterprise=None) -> User:
    # No password: tests log in with force_login, and hashing one costs half a second per user.
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(role__code=role))
    UserProfile.objects.create(user=user, department=department, enterprise=enterprise)
    return user


def build_cast() -> Cast:
    office_dept = Department.objects.create(code="t-office", name="领导小组办公室", kind="office")
    miit = Department.objects.create(code="t-miit", name="工信局", kind="city_bureau")
    mofcom = Department.objects.create(code="t-mofcom", name="商务局", kind="city_bureau")
    metals = Industry.objects.create(code="t-metals", name="金属材料", order=1)
    energy = Industry.objects.create(code="t-energy", name="新能源", order=2)
    ti = SubField.objects.create(industry=metals, code="t-ti", name="钛及钛合金")
    wind_field = SubField.objects.create(industry=energy, code="t-wind", name="风电")
    titanium = Chain.objects.create(code="T-MT-01", name="钛白粉", subfield=ti, leader_department=miit)
    wind = Chain.objects.create(code="T-NE-01", name="风电装备", subfield=wind_field, leader_department=mofcom)
    citic = Enterprise.objects.create(name="中信钛业（测试）")
    return Cast(
        office=make_user("office", Role.OFFICE, department=office_dept),
        chainlead=make_user("chainlead", Role.CHAIN_LEADER, department=miit),
        otherlead=make_user("otherlead", Role.CHAIN_LEADER, department=mofcom),
        reporter=make_user("reporter", Role.CHAIN_OWNER, enterprise=citic),
        office_dept=office_dept,
        miit=miit,
        mofcom=mofcom,
        titanium=titanium,
        wind=wind,
    )


# --- cases, through the services --------------------------------------------------------------------
def submitted_bottleneck(cast: Cast, *, chain=None, title: str = "缺少高纯四氯化钛原料") -> Bottleneck:
    return report_bottleneck(actor=cast.reporter, title=title, chain=chain or cast.titanium, submit=True)


def accepted_bottleneck(cast: Cast, **kwargs) -> Bottleneck:
    case = submitted_bottleneck(cast, **kwargs)
    return transition(case, "accept", actor=cast.office)


def assigned_bottleneck(cast: Cast, *, department=None, days: int = 10, **kwargs) -> Bottleneck:
    case = accepted_bottleneck(cast, **kwargs)
    chain = case.chain
    return transition(
        case,
        "assign",
        actor=cast.office,
        department=department or chain.leader_department,
        due_in_working_days=days,
    )


def chain_task(cast: Cast, *, chain=None, department=None, days: int = 10, title: str = "钛白粉扩产") -> ChainTask:
    chain = chain or cast.titanium
    return create_chain_task(
        actor=cast.office,
        title=title,
        chain=chain,
        department=department or chain.leader_department,
        due_in_working_days=days,
    )


def handle_and_close(task: ChainTask, cast: Cast, responsible: User) -> ChainTask:
    task = transition(task, "acknowledge", actor=responsible)
    task = transition(task, "start", actor=responsible)
    task = transition(task, "submit", actor=responsible, note="已完成")
    return transition(task, "close", actor=cast.office)


# --- the clock ----------------------------------------------------------------------------------------
def make_overdue(case: Case, *, days: int = 3) -> None:
    """As if ``days`` calendar days had passed since the deadline."""
    past = timezone.now() - dt.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(due_at=past, warn_at=past - dt.timedelta(days=3))


def close_late(case: Case, *, days_after_original: int = 2) -> None:
    """As if the work had been handed in, and the case closed, ``days_after_original`` days after the
    ORIGINAL deadline (the time waiting for the office's decision is not the department's)."""
    from jinzhou.casework.models import TimelineEvent

    case.refresh_from_db()
    late = case.original_due_at + dt.timedelta(days=days_after_original)
    from jinzhou.casework.tallies import fill_handed_in_at

    TimelineEvent.objects.filter(case_id=case.pk, kind="transition").update(at=late - dt.timedelta(hours=1))
    Case.objects.filter(pk=case.pk).update(closed_at=late)
    # The rewritten timeline's hand-in, as the migration reads it into ``Case.handed_in_at``.
    fill_handed_in_at(Case, TimelineEvent, Case.objects.filter(pk=case.pk))


# --- URLs --------------------------------------------------------------------------------------------
def admin_url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)
