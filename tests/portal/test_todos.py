"""我的待办: what waits for the visitor, most urgent first, and nothing outside their scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import CoHandling
from jinzhou.casework.services import escalate
from tests.world import case_in_state

TODOS = reverse("portal:todos")


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(TODOS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))


def test_chain_leader_sees_red_first_then_yellow_then_green_with_working_days(client, world):
    green = case_in_state(ChainTask, "in_progress", world=world, title="绿灯任务", due_in_days=40)
    red = case_in_state(Bottleneck, "handling", world=world, title="红灯堵点", due_in_days=-3)
    yellow = case_in_state(ChainTask, "acknowledged", world=world, title="黄灯任务", due_in_days=1)
    client.force_login(world.chainlead)

    response = client.get(TODOS)

    assert references(response) == [red.reference, yellow.reference, green.reference]
    lights = [case.light for case in response.context["cases"]]
    assert lights == ["red", "yellow", "green"]
    html = response.content.decode()
    assert "红灯堵点" in html and html.index("红灯堵点") < html.index("黄灯任务") < html.index("绿灯任务")
    # The deadline with the working days, as the admin writes it.
    assert "overdue" in html or "逾期" in html


def test_other_chains_cases_are_not_listed(client, world):
    mine = case_in_state(Bottleneck, "handling", world=world)
    theirs = case_in_state(Bottleneck, "handling", world=world, chain=world.wind)
    client.force_login(world.otherlead)

    assert references(client.get(TODOS)) == [theirs.reference]
    client.force_login(world.chainlead)
    assert references(client.get(TODOS)) == [mine.reference]


def test_a_department_reporter_sees_its_drafts_and_returned_reports_not_those_waiting_for_others(client, world):
    draft = case_in_state(Bottleneck, "draft", world=world, reporter=world.chainlead, reporter_enterprise=None)
    returned = case_in_state(Bottleneck, "returned", world=world, reporter=world.chainlead, reporter_enterprise=None)
    case_in_state(Bottleneck, "submitted", world=world, reporter=world.chainlead, reporter_enterprise=None)
    client.force_login(world.chainlead)

    assert sorted(references(client.get(TODOS))) == sorted([draft.reference, returned.reference])


def test_an_enterprise_follows_every_open_case_it_reported(client, world):
    draft = case_in_state(Bottleneck, "draft", world=world)
    handling = case_in_state(Bottleneck, "handling", world=world, reporter=world.office)  # on its behalf
    case_in_state(Bottleneck, "closed", world=world)
    case_in_state(Bottleneck, "handling", world=world, reporter_enterprise=world.other_enterprise, reporter=None)
    client.force_login(world.enterprise)

    assert sorted(references(client.get(TODOS))) == sorted([draft.reference, handling.reference])


def test_office_sees_what_waits_for_the_office(client, world):
    submitted = case_in_state(Bottleneck, "submitted", world=world)
    review = case_in_state(Bottleneck, "resolution_submitted", world=world)
    case_in_state(Bottleneck, "handling", world=world)  # the department's turn, not the office's
    client.force_login(world.office)

    assert sorted(references(client.get(TODOS))) == sorted([submitted.reference, review.reference])


def test_co_handling_department_sees_the_case_until_it_gives_feedback(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    co = CoHandling.objects.create(case=case, department=world.mofcom)
    client.force_login(world.otherlead)
    assert references(client.get(TODOS)) == [case.reference]

    co.status = "done"
    co.save()
    assert references(client.get(TODOS)) == []


def test_an_escalation_to_the_task_force_leader_is_on_their_list_until_acknowledged(client, world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    client.force_login(world.taskforce)
    assert references(client.get(TODOS)) == []

    escalate(case, actor=world.office, level=3, target="task_force_leader", reason="逾期未办")
    response = client.get(TODOS)
    assert references(response) == [case.reference]
    assert response.context["cases"][0].notice_waiting


@pytest.mark.parametrize("extra", [0, 19])
def test_query_count_does_not_grow_with_the_list(client, world, extra, django_assert_num_queries):
    for index in range(1 + extra):
        case_in_state(ChainTask, "in_progress", world=world, title=f"任务{index}", due_in_days=index - 5)
    client.force_login(world.chainlead)
    client.get(TODOS)  # warm the per-process caches (working-day calendar, content types)

    # session, user, the actor's org-chart facts (one query), the count, the page, the unread count
    with django_assert_num_queries(6):
        response = client.get(TODOS)
    assert len(response.context["cases"]) == 1 + extra


def test_query_count_is_the_same_for_1_and_20_cases(client, world):
    client.force_login(world.chainlead)

    def count() -> int:
        client.get(TODOS)
        with CaptureQueriesContext(connection) as queries:
            client.get(TODOS)
        return len(queries)

    case_in_state(ChainTask, "in_progress", world=world, due_in_days=-1)
    one = count()
    for index in range(19):
        case_in_state(Bottleneck, "handling", world=world, due_in_days=index)
    assert count() == one
