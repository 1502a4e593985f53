"""The org chart and the chain catalogue: the few rules their models carry themselves."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation

from jinzhou.org.choices import DepartmentKind, InstitutionKind, ParkKind, Role, Segment
from jinzhou.org.models import (
    Chain,
    ChainNode,
    ChainOwner,
    Department,
    Enterprise,
    Industry,
    Institution,
    Park,
    SubField,
    TaskForce,
    UserProfile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return Department.objects.create(
        code="gxj", name="锦州市工业和信息化局", short_name="市工信局", kind=DepartmentKind.CITY_BUREAU
    )


@pytest.fixture
def petrochemical():
    return Industry.objects.create(code="petro", name="石化及精细化工", order=1)


@pytest.fixture
def chain(department, petrochemical):
    subfield = SubField.objects.create(industry=petrochemical, code="petro-fine", name="精细化工")
    return Chain.objects.create(
        code="fine-chem", name="精细化工产业链", subfield=subfield, leader_department=department
    )


def test_chain_takes_its_industry_from_its_subfield(chain, petrochemical):
    assert chain.industry == petrochemical


def test_moving_a_chain_to_another_subfield_moves_its_industry(chain):
    # The industry is denormalised for scope checks; a stale copy would show the chain to the wrong task force.
    equipment = Industry.objects.create(code="equip", name="装备制造", order=2)
    chain.subfield = SubField.objects.create(industry=equipment, code="equip-auto", name="汽车零部件")
    chain.save()

    chain.refresh_from_db()
    assert chain.industry == equipment


def test_every_role_group_exists_after_migrate():
    assert set(Group.objects.filter(role__code__in=Role.values).values_list("role__code", flat=True)) == set(
        Role.values
    )


def test_office_may_change_chains():
    office = Group.objects.get(role__code=Role.OFFICE)
    codenames = set(office.permissions.filter(content_type__app_label="org").values_list("codename", flat=True))
    assert {"add_chain", "change_chain", "delete_chain", "view_chain", "change_taskforce"} <= codenames


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.OFFICE])
def test_other_roles_only_view(role):
    permissions = Group.objects.get(role__code=role).permissions.values_list("codename", flat=True)
    assert "view_chain" in permissions
    assert [codename for codename in permissions if not codename.startswith("view_")] == []


def test_department_and_enterprise_prefer_their_short_name():
    department = Department(name="锦州市发展和改革委员会", short_name="市发改委", kind=DepartmentKind.CITY_BUREAU)
    assert str(department) == "市发改委"
    department.short_name = ""
    assert str(department) == "锦州市发展和改革委员会"

    enterprise = Enterprise(name="锦州某石化有限公司", short_name="某石化")
    assert str(enterprise) == "某石化"
    enterprise.short_name = ""
    assert str(enterprise) == "锦州某石化有限公司"


def test_str_of_the_catalogue(chain, department, petrochemical):
    enterprise = Enterprise.objects.create(name="锦州某石化有限公司")
    node = ChainNode.objects.create(chain=chain, segment=Segment.UPSTREAM, name="基础化工原料")
    task_force = TaskForce.objects.create(industry=petrochemical, name="石化及精细化工产业专班")

    assert str(petrochemical) == "石化及精细化工"
    assert str(chain.subfield) == "精细化工"
    assert str(chain) == "精细化工产业链"
    assert str(task_force) == "石化及精细化工产业专班"
    assert str(ChainOwner(chain=chain, enterprise=enterprise)) == "精细化工产业链 · 锦州某石化有限公司"
    with translation.override("en"):
        assert str(node) == "精细化工产业链 · Upstream · 基础化工原料"


def test_str_of_parks_institutions_and_profiles():
    assert str(Park(name="锦州经济技术开发区", kind=ParkKind.DEVELOPMENT_ZONE)) == "锦州经济技术开发区"
    assert str(Institution(name="辽宁工业大学", kind=InstitutionKind.UNIVERSITY)) == "辽宁工业大学"
    user = User.objects.create_user("zhangsan")
    assert str(UserProfile(user=user)) == "zhangsan"
