"""The search's scope is exactly ``visible_to`` (and ``challenges_visible_to``): a case's entry carries a
copy of the case's scope columns, filtered by the same rule, so the two are compared here for every demo
role on cases tied to people, departments and enterprises at random; and the copy follows a change."""

import random
from decimal import Decimal

import pytest

from chains.models import Bottleneck
from jinzhou.casework.models import Case, CoHandling
from projects.models import Challenge, Programme
from projects.selectors import challenges_visible_to
from search.models import EntryKind
from search.selectors import entries, search, similar_open_cases
from search.services import rebuild
from tests.world import build_world, case_in_state


def _random_cases(world, rng: random.Random, n: int = 40) -> list[Case]:
    people = [None, *world.users.values()]
    cases = []
    for i in range(n):
        case = case_in_state(
            Bottleneck, rng.choice(["submitted", "handling", "handling", "closed"]), world=world,
            chain=rng.choice([world.titanium, world.wind]), title=f"石英砂断供第{i}号",
            reporter=rng.choice(people), reporter_enterprise=rng.choice([None, world.citic, world.other_enterprise]),
        )  # fmt: skip
        Case.objects.filter(pk=case.pk).update(
            responsible_department=rng.choice([None, world.miit, world.mofcom]),
            responsible_person=rng.choice(people),
            assigned_by=rng.choice(people),
        )
        if rng.random() < 0.2:
            CoHandling.objects.create(case=case, department=rng.choice([world.miit, world.mofcom]))
        if rng.random() < 0.2:
            case.enterprises.add(rng.choice([world.citic, world.other_enterprise]))
        cases.append(case)
    programme = Programme.objects.create(name="春芽计划", year=2026)
    for status in ("published", "draft"):
        cases.append(
            case_in_state(
                Challenge,
                status,
                world=world,
                chain=world.wind,
                title=f"石英坩埚揭榜{status}",
                programme=programme,
                reporter=None,
                reporter_enterprise=None,
                funding_wan=Decimal("10"),
                technical_problem="石英坩埚成型",
            )
        )
    return cases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_role_finds_exactly_the_cases_it_may_see(db, seed):
    world = build_world()
    _random_cases(world, random.Random(seed))
    rebuild()
    for name, user in world.users.items():
        visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        visible |= set(challenges_visible_to(user).values_list("pk", flat=True))
        found = set(entries(user, "石英").filter(kind=EntryKind.CASE).values_list("case_id", flat=True))
        assert found == visible, name
        page = {hit.entry.case_id for hit in search(user, "石英", kinds=[EntryKind.CASE], limit=100)}
        assert page == visible, name
        open_ones = set(Case.objects.filter(pk__in=visible, is_open=True).values_list("pk", flat=True))
        similar = {hit.entry.case_id for hit in similar_open_cases(user, "石英砂断供", limit=20)}
        assert similar <= open_ones, name


def test_a_case_handed_to_a_department_is_found_by_its_people_after_commit(db, django_capture_on_commit_callbacks):
    world = build_world()
    case = case_in_state(
        Bottleneck, "handling", world=world, chain=world.wind, title="风电主轴石英件断供",
        reporter=world.outsider, reporter_enterprise=world.other_enterprise,
    )  # fmt: skip
    rebuild()
    assert search(world.chainlead, "主轴") == []
    with django_capture_on_commit_callbacks(execute=True):
        case.responsible_department = world.miit
        case.save()
    assert [hit.entry.case_id for hit in search(world.chainlead, "主轴")] == [case.pk]
