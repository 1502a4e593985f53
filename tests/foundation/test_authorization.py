"""One authorization layer: roles keyed by a stable code, ``is_staff_of`` and ``restrict``."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chains.models import Bottleneck
from jinzhou.casework.models import Case
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for, is_staff_of
from projects.models import ChallengeApplication, InvestmentActivity, InvestmentLead
from projects.selectors import application_scope_q
from tests.world import build_world, case_in_state

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    return build_world()


def fresh(user: User) -> User:
    """The user as the next request loads it (the actor is cached on the user object)."""
    return User.objects.get(pk=user.pk)


def test_renaming_a_role_group_in_the_admin_keeps_the_role(client, world):
    group = Group.objects.get(role__code=Role.OFFICE)
    admin = User.objects.create_superuser("root", password="pw-for-tests-only")
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "督查办公室", "permissions": list(group.permissions.values_list("pk", flat=True))},
    )
    assert response.status_code == 302
    assert Group.objects.get(pk=group.pk).name == "督查办公室"

    office = fresh(world.office)
    assert actor_for(office).is_office
    assert Case.objects.restrict(office, "view").count() == Case.objects.count()
    client.force_login(world.office)
    assert client.get("/admin/org/department/").status_code == 200


def test_is_staff_of_the_office_or_the_bureau_costs_no_query_once_the_user_is_loaded(world):
    users = {name: fresh(user) for name, user in world.users.items()}
    for user in users.values():
        actor_for(user)
    with CaptureQueriesContext(connection) as queries:
        answers = {name: is_staff_of(user, "mofcom") for name, user in users.items()}
        by_row = is_staff_of(users["chainlead"], world.miit)
    assert len(queries) == 0
    assert answers == {
        "office": True,  # the office acts for every bureau
        "leader": False,
        "taskforce": False,
        "chainlead": False,
        "otherlead": True,  # 商务局 staff
        "enterprise": False,
        "outsider": False,
    }
    assert by_row and not is_staff_of(users["chainlead"], world.mofcom)


def test_restrict_on_cases_is_visible_to_and_editable_by(world):
    case_in_state(Bottleneck, "handling", world=world)
    case_in_state(Bottleneck, "submitted", world=world)
    for user in world.users.values():
        user = fresh(user)
        assert set(Case.objects.restrict(user, "view")) == set(Case.objects.visible_to(user))
        assert set(Case.objects.restrict(user, "change")) == set(Case.objects.editable_by(user))
        assert set(Bottleneck.objects.restrict(user)) == set(Bottleneck.objects.visible_to(user))
    with pytest.raises(ValueError):
        Case.objects.restrict(world.office, "delete")


def test_restrict_on_investment_rows_is_the_scope_each_role_had(world):
    metals, energy = world.titanium.subfield.industry, world.wind.subfield.industry
    common = {"date": dt.date(2024, 5, 1), "activity_kind": "reception", "leader_level": "other"}
    miit_visit = InvestmentActivity.objects.create(
        title="工信局接待", department=world.miit, industry=metals, created_by=world.chainlead, **common
    )
    mofcom_visit = InvestmentActivity.objects.create(
        title="商务局推介", department=world.mofcom, industry=energy, created_by=world.otherlead, **common
    )
    miit_lead = InvestmentLead.objects.create(
        title="钛材项目", department=world.miit, industry=metals, enterprise=world.citic
    )
    mofcom_lead = InvestmentLead.objects.create(
        title="风电项目", department=world.mofcom, industry=energy, enterprise=world.other_enterprise
    )
    everything = ({miit_visit, mofcom_visit}, {miit_lead, mofcom_lead})
    expected = {
        "office": everything,
        "leader": everything,
        "taskforce": ({miit_visit}, {miit_lead}),  # the metals industry's task force
        "chainlead": ({miit_visit}, {miit_lead}),  # 工信局
        "otherlead": everything,  # 商务局 compiles the city's figures
        "enterprise": (set(), set()),
        "outsider": (set(), set()),
    }
    for name, user in world.users.items():
        user = fresh(user)
        for action in ("view", "change"):
            got = (
                set(InvestmentActivity.objects.restrict(user, action)),
                set(InvestmentLead.objects.restrict(user, action)),
            )
            assert got == expected[name], (name, action)
        assert set(ChallengeApplication.objects.restrict(user)) == set(
            ChallengeApplication.objects.filter(application_scope_q(user))
        )


# Comparing a group's name: ``groups__name=``, ``group__name``, ``Group.objects.get(name=…)``,
# ``user.groups.filter(name=…)``, ``group.name ==``.
NAME_COMPARISON = re.compile(r"groups?__name|Group\.objects\.\w+\(\s*name|groups\.\w+\(\s*name\s*=|group\.name\s*[=!]=")


def test_no_module_outside_org_compares_group_names():
    offenders = []
    for folder in ("jinzhou", "chains", "projects", "alliances", "seeds"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("jinzhou/org/") or "/migrations/" in relative:
                continue
            source = path.read_text(encoding="utf-8")
            ast.parse(source)  # a module that does not parse would hide its comparisons
            offenders += [f"{relative}: {match.group(0)}" for match in NAME_COMPARISON.finditer(source)]
    assert offenders == []


def test_restrict_on_notifications_and_deliveries(world):
    from jinzhou.notifications.choices import Channel
    from jinzhou.notifications.models import Delivery, Notification

    def note(user, key):
        return Notification.objects.create(recipient=user, step="test", dedupe_key=key, title=key)

    mine, theirs = note(world.chainlead, "a"), note(world.enterprise, "b")
    office_own = note(world.office, "c")
    Delivery.objects.create(notification=theirs, channel=Channel.EMAIL)

    def ids(user, action, model=Notification):
        return set(model.objects.restrict(fresh(user), action).values_list("pk", flat=True))

    assert ids(world.chainlead, "view") == ids(world.chainlead, "change") == {mine.pk}
    assert ids(world.office, "view") == {mine.pk, theirs.pk, office_own.pk}
    assert ids(world.office, "change") == {office_own.pk}
    assert len(ids(world.office, "change", Delivery)) == 1
    assert ids(world.enterprise, "view", Delivery) == ids(world.office, "view", Delivery)
    assert ids(world.enterprise, "change", Delivery) == set()
    assert ids(world.chainlead, "view", Delivery) == set()
