"""我的待办 in sections: each case under the tab where it waits, counts equal to the lists, search,
filters, worst first, and nothing outside the visitor's scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import CoHandling
from jinzhou.casework.services import escalate, request_extension
from tests.world import case_in_state

TODOS = reverse("portal:todos")


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def tab(client, code: str, **params):
    response = client.get(TODOS, {"tab": code, **params})
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def counts(response) -> dict[str, int]:
    return {section.code: count for section, count in response.context["tabs"]}


def sections_of(client, codes) -> dict[str, set[str]]:
    return {code: set(references(tab(client, code))) for code in codes}


@pytest.fixture
def mixed(world):
    """A chain leader's mixed week: every section has its cases, and cases of others around them."""
    office = world.office
    made = {
        "to_ack_bottleneck": case_in_state(Bottleneck, "assigned", world=world),
        "to_ack_task": case_in_state(ChainTask, "assigned", world=world),
        "handling": case_in_state(Bottleneck, "handling", world=world),
        "acknowledged_task": case_in_state(ChainTask, "acknowledged", world=world),
        "returned_task": case_in_state(ChainTask, "returned", world=world),
        "resolution": case_in_state(Bottleneck, "resolution_submitted", world=world),
        "task_submitted": case_in_state(ChainTask, "submitted", world=world),
        "co_handled": case_in_state(Bottleneck, "handling", world=world, chain=world.wind),
        "noticed": case_in_state(Bottleneck, "handling", world=world, due_in_days=-3),
        "closed": case_in_state(Bottleneck, "closed", world=world),
        "others": case_in_state(ChainTask, "in_progress", world=world, chain=world.wind),
        "new_report": case_in_state(Bottleneck, "submitted", world=world),
        "accepted": case_in_state(Bottleneck, "accepted", world=world),
    }
    CoHandling.objects.create(case=made["co_handled"], department=world.miit)
    # A notice to 工信局's head (chainlead) about an overdue case it handles: in hand and noticed.
    escalate(made["noticed"], actor=office, level=2, target="department_head", reason="请协调")
    return made


def refs(made, *names) -> set[str]:
    return {made[name].reference for name in names}


def test_each_section_of_a_chain_leader_holds_exactly_its_cases(client, world, mixed):
    client.force_login(world.chainlead)

    found = sections_of(client, ["acknowledge", "handling", "co_handling", "notices", "submitted"])

    assert found == {
        "acknowledge": refs(mixed, "to_ack_bottleneck", "to_ack_task"),
        "handling": refs(mixed, "handling", "acknowledged_task", "returned_task", "noticed"),
        "co_handling": refs(mixed, "co_handled"),
        "notices": refs(mixed, "noticed"),
        "submitted": refs(mixed, "resolution", "task_submitted"),
    }
    # The count on each tab is the length of its list; a chain leader decides nothing, so no such tab.
    response = tab(client, "handling")
    assert counts(response) == {code: len(cases) for code, cases in found.items()}
    assert "decide" not in counts(response)


def test_a_submitted_case_waits_under_submitted_not_under_what_waits_for_me(client, world, mixed):
    client.force_login(world.chainlead)
    waiting = sections_of(client, ["acknowledge", "handling", "co_handling", "notices"])
    submitted = mixed["resolution"].reference

    assert all(submitted not in cases for cases in waiting.values())
    assert submitted in references(tab(client, "submitted"))
    html = tab(client, "submitted").content.decode()
    assert "tab-apart" in html  # drawn apart from the tabs that wait for the visitor


def test_the_office_decides_submitted_reports_resolutions_tasks_and_orphan_extensions(client, world, mixed):
    client.force_login(world.office)

    response = tab(client, "decide")

    assert set(references(response)) == refs(mixed, "new_report", "accepted", "resolution", "task_submitted")
    assert counts(response)["decide"] == 4
    # The office's own hands hold nothing: those tabs are not drawn.
    assert set(counts(response)) == {"notices", "decide"}


def test_an_assigner_decides_their_task_and_the_extensions_asked_of_them(client, world):
    submitted = case_in_state(ChainTask, "submitted", world=world, assigned_by=world.taskforce)
    running = case_in_state(ChainTask, "in_progress", world=world, assigned_by=world.taskforce, due_in_days=5)
    case_in_state(ChainTask, "in_progress", world=world, assigned_by=world.taskforce, due_in_days=6)
    request_extension(
        running, actor=world.chainlead, new_due_date=timezone.localdate() + dt.timedelta(days=30), reason="设备未到"
    )
    client.force_login(world.taskforce)

    assert set(references(tab(client, "decide"))) == {submitted.reference, running.reference}
    # The office does not decide an extension whose assigner is still there.
    client.force_login(world.office)
    assert set(references(tab(client, "decide"))) == {submitted.reference}


def test_the_default_tab_is_the_first_non_empty_one_waiting_for_me(client, world):
    case_in_state(Bottleneck, "resolution_submitted", world=world)
    handling = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)

    response = client.get(TODOS)

    assert response.context["current"].code == "handling"
    assert references(response) == [handling.reference]


def test_an_enterprise_sees_drafts_and_returned_reports_to_do_and_its_submitted_report_apart(client, world):
    draft = case_in_state(Bottleneck, "draft", world=world)
    returned = case_in_state(Bottleneck, "returned", world=world)
    submitted = case_in_state(Bottleneck, "submitted", world=world)
    case_in_state(Bottleneck, "handling", world=world)  # the department's turn: on 我上报的, not here
    case_in_state(Bottleneck, "draft", world=world, reporter_enterprise=world.other_enterprise, reporter=None)
    client.force_login(world.enterprise)

    assert sections_of(client, ["handling", "submitted"]) == {
        "handling": {draft.reference, returned.reference},
        "submitted": {submitted.reference},
    }
    # An enterprise acknowledges nothing (cases are given to departments): no such tab.
    assert set(counts(client.get(TODOS))) == {"handling", "submitted"}


def test_a_milestone_waits_for_its_lead_unit_then_for_the_bureau(client, world):
    from projects.models import Milestone

    running = case_in_state(Milestone, "open", world=world, title="样机试制")
    delivered = case_in_state(Milestone, "submitted", world=world, title="中试验收", responsible_department=world.miit)
    client.force_login(world.enterprise)
    assert set(references(tab(client, "handling"))) == {running.reference}
    assert set(references(tab(client, "submitted"))) == {delivered.reference}
    # 工信局 is the bureau here (its responsible department): accepting the delivery is its step.
    client.force_login(world.chainlead)
    assert set(references(tab(client, "handling"))) == {delivered.reference}


def test_a_leading_group_member_sees_notices_to_the_leading_group(client, world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=-8)
    client.force_login(world.leader)
    assert references(tab(client, "notices")) == []

    escalate(case, actor=world.office, level=4, target="leading_group", reason="重大问题")
    response = client.get(TODOS)
    assert response.context["current"].code == "notices"
    assert references(response) == [case.reference]
    assert response.context["cases"][0].notice_waiting


def test_worst_first_red_yellow_green_then_deadline(client, world):
    green = case_in_state(ChainTask, "in_progress", world=world, title="绿灯任务", due_in_days=40)
    red = case_in_state(Bottleneck, "handling", world=world, title="红灯堵点", due_in_days=-3)
    yellow = case_in_state(ChainTask, "acknowledged", world=world, title="黄灯任务", due_in_days=1)
    later_red = case_in_state(Bottleneck, "handling", world=world, title="红灯二", due_in_days=-1)
    client.force_login(world.chainlead)

    response = tab(client, "handling")

    assert references(response) == [red.reference, later_red.reference, yellow.reference, green.reference]
    html = response.content.decode()
    assert html.index("红灯堵点") < html.index("黄灯任务") < html.index("绿灯任务")


def test_search_by_reference_title_and_enterprise(client, world):
    steam = case_in_state(Bottleneck, "handling", world=world, title="园区蒸汽不足")
    port = case_in_state(Bottleneck, "handling", world=world, title="港口限行", reporter_enterprise=None, reporter=None)
    port.enterprises.add(world.other_enterprise)
    client.force_login(world.chainlead)

    assert references(tab(client, "handling", q="蒸汽")) == [steam.reference]
    assert references(tab(client, "handling", q=port.reference.lower())) == [port.reference]
    assert references(tab(client, "handling", q="中信")) == [steam.reference]  # the reporting enterprise
    assert references(tab(client, "handling", q="风电企业")) == [port.reference]  # a participating one
    response = tab(client, "handling", q="无此事")
    assert references(response) == [] and counts(response)["handling"] == 0


def test_filters_by_chain_light_and_kind_apply_to_the_counts_too(client, world):
    red = case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    task = case_in_state(ChainTask, "in_progress", world=world, due_in_days=30)
    wind = case_in_state(Bottleneck, "assigned", world=world, chain=world.wind, responsible_department=world.miit)
    client.force_login(world.chainlead)

    assert references(tab(client, "handling", light="red")) == [red.reference]
    assert references(tab(client, "handling", kind="task")) == [task.reference]
    assert references(tab(client, "acknowledge", chain=world.wind.pk)) == [wind.reference]
    response = tab(client, "handling", chain=world.wind.pk)
    assert counts(response) == {"acknowledge": 1, "handling": 0, "co_handling": 0, "notices": 0, "submitted": 0}
    # The filters are kept in the tabs' links.
    assert f"chain={world.wind.pk}" in response.content.decode()


def test_the_filters_and_the_tab_survive_paging(client, world):
    for index in range(52):
        case_in_state(ChainTask, "in_progress", world=world, title=f"任务{index}", due_in_days=index + 5)
    client.force_login(world.chainlead)

    response = tab(client, "handling", kind="task")

    assert len(references(response)) == 50 and counts(response)["handling"] == 52
    html = response.content.decode()
    assert "?tab=handling&amp;kind=task&amp;page=2" in html
    assert len(references(tab(client, "handling", kind="task", page=2))) == 2


@pytest.mark.parametrize(
    "params",
    [{"chain": "abc"}, {"chain": "9" * 30}, {"light": "purple"}, {"kind": "nonsense"}, {"tab": "everything"}],
)
def test_bad_filters_get_a_message_not_a_500(client, world, params):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)

    response = client.get(TODOS, params)

    assert response.status_code == 400
    assert 'data-testid="filter-problems"' in response.content.decode()
    assert references(response) == [case.reference]  # the rest of the page still works


def test_other_chains_cases_are_not_listed(client, world):
    mine = case_in_state(Bottleneck, "handling", world=world)
    theirs = case_in_state(Bottleneck, "handling", world=world, chain=world.wind)
    client.force_login(world.otherlead)
    assert references(client.get(TODOS)) == [theirs.reference]
    client.force_login(world.chainlead)
    assert references(client.get(TODOS)) == [mine.reference]


def test_co_handling_leaves_the_list_once_feedback_is_given(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    co = CoHandling.objects.create(case=case, department=world.mofcom)
    client.force_login(world.otherlead)
    assert references(tab(client, "co_handling")) == [case.reference]

    co.status = "done"
    co.save()
    assert references(tab(client, "co_handling")) == []


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(TODOS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))


def _noticed(world, n):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=n % 20 - 5)
    escalate(case, actor=world.office, level=2, target="leading_group", reason="请关注")


SECTION_CASES = {
    "acknowledge": lambda world, n: case_in_state(ChainTask, "assigned", world=world, due_in_days=n % 20 - 5),
    "handling": lambda world, n: case_in_state(Bottleneck, "handling", world=world, due_in_days=n % 20 - 5),
    "submitted": lambda world, n: case_in_state(ChainTask, "submitted", world=world, due_in_days=n % 20 - 5),
    "co_handling": lambda world, n: CoHandling.objects.create(
        case=case_in_state(Bottleneck, "handling", world=world, chain=world.wind), department=world.miit
    ),
    "decide": lambda world, n: case_in_state(Bottleneck, "resolution_submitted", world=world, due_in_days=n % 9),
    "notices": _noticed,
}
# Who sees each tab: the chain leader's own, the office's decisions, the leading group's notices.
TAB_OWNER = {"decide": "office", "notices": "leader"}


@pytest.mark.parametrize("code", sorted(SECTION_CASES))
def test_every_tab_costs_the_same_queries_for_1_and_100_cases(client, world, code, django_assert_num_queries):
    make = SECTION_CASES[code]
    client.force_login(getattr(world, TAB_OWNER.get(code, "chainlead")))
    make(world, 0)
    tab(client, code)  # warm the per-process caches (working-day calendar, content types)

    # session, user, the actor's org-chart facts, the chain menu, the tabs' counts (one query),
    # the page's rows, the unread count; a leader's home adds 我关注的 (its counts, then its worst five:
    # their ids, then their rows)
    expected = 10 if code == "notices" else 7
    with django_assert_num_queries(expected):
        assert len(references(tab(client, code))) == 1
    for index in range(1, 100):
        make(world, index)
    with django_assert_num_queries(expected):
        response = tab(client, code)
    assert len(references(response)) == 50 and counts(response)[code] == 100
