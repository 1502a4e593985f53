"""Who sees which case, and what happens when two people act on one case at once."""

import threading

import pytest
from django.db import connections

from chains.models import Bottleneck, ChainTask
from jinzhou.casework import services
from jinzhou.casework.exceptions import CaseNotFound, VersionConflict
from jinzhou.casework.models import Case
from jinzhou.casework.services.cohandling import add_co_handler
from tests.world import build_world, case_in_state


@pytest.mark.django_db
def test_every_role_sees_exactly_its_cases(world):
    titanium = case_in_state(Bottleneck, "handling", world=world)  # 工信局's chain, reported by 中信钛业
    wind = case_in_state(ChainTask, "assigned", world=world, chain=world.wind, reporter=None, reporter_enterprise=None)
    co_handled = case_in_state(
        Bottleneck, "handling", world=world, chain=world.wind, reporter=None, reporter_enterprise=None
    )
    add_co_handler(co_handled, actor=world.office, department=world.miit)
    takes_part = case_in_state(Bottleneck, "draft", world=world, chain=world.wind, reporter=world.otherlead,
                               reporter_enterprise=None)  # fmt: skip
    takes_part.enterprises.add(world.citic)
    everything = {titanium.pk, wind.pk, co_handled.pk, takes_part.pk}
    expected = {
        "office": everything,
        "leader": everything,
        "taskforce": {titanium.pk},  # metals industry only
        "chainlead": {titanium.pk, co_handled.pk},  # their chain + co-handled by 工信局
        "otherlead": {wind.pk, co_handled.pk, takes_part.pk},  # 商务局 leads the wind chain
        "enterprise": {titanium.pk, takes_part.pk},  # reported by, or taking part: 中信钛业
        "outsider": set(),
    }
    for role, user in world.users.items():
        seen = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        assert seen == expected[role], role
        for pk in everything - expected[role]:
            with pytest.raises(CaseNotFound):
                services.get_case_for(user, pk)
            with pytest.raises(CaseNotFound):
                services.add_comment(Case.objects.get(pk=pk), actor=user, text="看不到的事项")


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    case_in_state(Bottleneck, "handling", world=world)
    assert not Case.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_conflicting_transitions_exactly_one_wins():
    world = build_world()
    case = case_in_state(Bottleneck, "resolution_submitted", world=world)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def fire(action, **data):
        try:
            barrier.wait(timeout=10)
            outcomes[action] = services.transition(case, action, actor=world.office, **data).status
        except Exception as exc:  # the loser's error is the assertion's subject
            outcomes[action] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=fire, args=("close",)),
        threading.Thread(target=fire, args=("send_back",), kwargs={"note": "请补充"}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [action for action, result in outcomes.items() if isinstance(result, str)]
    losers = [result for result in outcomes.values() if not isinstance(result, str)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], VersionConflict), outcomes
    assert case.reference in losers[0].message
    case.refresh_from_db()
    assert case.version == 2
    assert case.status == {"close": "closed", "send_back": "handling"}[winners[0]]
    assert case.events.filter(kind="transition").count() == 1
