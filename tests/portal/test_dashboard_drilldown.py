"""The leaders' dashboard for a glance and a drill-down (issue 16 §6): worst first, each number a
link to /portal/cases/ listing exactly the cases it counts, in the visitor's scope; titled by the
task force for a task-force leader."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.casework.dashboard_world import mixed_world

DASHBOARD = "/portal/dashboard/"
CASES = "/portal/cases/"


@pytest.fixture
def mixed(world):
    return mixed_world(world)


def listed(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(response.context["page"].object_list), response.context["page"].paginator.count


def test_the_leader_sees_the_worst_chain_first_and_each_number_lists_its_cases(client, world, mixed):
    client.force_login(world.leader)
    response = client.get(DASHBOARD)
    assert response.context["scope_title"] == "全市"
    chains = response.context["worst_chains"]
    assert [row["name"] for row in chains] == ["钛白粉", "风电装备", None]
    for row in chains:
        for key in ("red", "yellow", "green", "grey", "total"):
            cases, count = listed(client, row["links"][key])
            assert count == len(cases) == row[key], (row["name"], key)
    for row in response.context["departments"]:
        cases, count = listed(client, row["links"]["red"])
        assert count == row["red"]
    cases, count = listed(client, response.context["overdue_url"])
    assert count == response.context["board"].overdue_total == 6


def test_the_list_behind_a_chain_puts_the_red_ones_first(client, world, mixed):
    client.force_login(world.leader)
    cases, count = listed(client, f"{CASES}?chain={world.titanium.pk}")
    assert count == 6
    assert [case.light for case in cases] == ["red", "red", "red", "yellow", "green", "grey"]


def test_the_on_time_figures_of_the_rankings_list_their_cases(client, world, mixed, settings):
    settings.RANKING_MIN_CASES = 1  # a handful of cases: rank every department that has one
    client.force_login(world.leader)
    response = client.get(DASHBOARD)
    for row in response.context["on_time_ranking"]:
        base = f"{CASES}?rated={row.department_id}&closed=all"
        assert listed(client, base + "&on_time=1")[1] == row.closed_on_time
        assert listed(client, base)[1] == row.closed_with_deadline
    assert [(r.department, r.closed_on_time, r.closed_with_deadline) for r in response.context["on_time_ranking"]] == [
        ("工信局", 1, 1),
        ("商务局", 0, 1),
    ]
    assert client.get(f"{CASES}?closed=2026-99").status_code == 400


def test_a_task_force_leaders_dashboard_is_titled_by_the_task_force_and_shows_only_its_chains(client, world, mixed):
    client.force_login(world.taskforce)
    response = client.get(DASHBOARD)
    assert response.context["scope_title"] == "金属材料产业专班"
    html = response.content.decode()
    assert "金属材料产业专班" in html.split('data-testid="dashboard-title"')[1][:60]
    assert [row["name"] for row in response.context["worst_chains"]] == ["钛白粉"]
    # Outside the scope there is nothing to list, whatever the query string asks for.
    _cases, count = listed(client, f"{CASES}?chain={world.wind.pk}")
    assert count == 0


def test_the_list_is_only_for_those_who_see_the_dashboard(client, world, mixed):
    client.force_login(world.chainlead)
    assert client.get(CASES).status_code == 404


@pytest.mark.parametrize(
    "url",
    [f"{DASHBOARD}?period=2026-Q5", f"{DASHBOARD}?trend=department:abc", f"{CASES}?department=x&light=purple"],
)
def test_bad_values_get_a_clear_message_never_a_500(client, world, mixed, url):
    client.force_login(world.leader)
    response = client.get(url)
    assert response.status_code == 400
    assert response.context["problems"]
    assert 'data-testid="filter-problems"' in response.content.decode()


def test_the_trends_for_a_chosen_chain(client, world, mixed):
    client.force_login(world.leader)
    response = client.get(f"{DASHBOARD}?trend=chain:{world.wind.pk}")
    assert response.status_code == 200
    assert response.context["trends"].label == "风电装备"
    assert sum(m.opened for m in response.context["trends"].months) == 4  # 1 red, 2 yellow, 1 closed
    html = response.content.decode()
    assert '<svg class="trend-chart"' in html and "月末逾期" in html


def test_the_dashboard_links_to_the_portal_list(client, world, mixed):
    client.force_login(world.leader)
    html = client.get(DASHBOARD).content.decode()
    assert f'href="{reverse("portal:cases")}?chain={world.titanium.pk}&amp;light=red"' in html


def test_the_phone_dashboard_lists_the_twenty_longest_overdue_and_links_to_all(client, world):
    from tests.casework.dashboard_world import _set
    from tests.world import ChainTask, case_in_state

    now = timezone.now()
    for days in range(1, 23):  # 22 overdue: 1 to 22 days past their deadline
        case = case_in_state(ChainTask, "in_progress", world=world, title=f"逾期{days}")
        _set(case, due_at=now - dt.timedelta(days=days), warn_at=now - dt.timedelta(days=days + 3))
    client.force_login(world.leader)
    response = client.get(DASHBOARD)
    board = response.context["board"]
    assert board.overdue_total == 22
    assert [row.case.title for row in board.overdue] == [f"逾期{days}" for days in range(22, 2, -1)]
    page = response.content.decode()
    assert page.count('class="nowrap" href="/portal/cases/') == 20
    assert "全部 22 件逾期案件" in page
    client.force_login(world.office)
    admin = client.get(reverse("admin:casework_dashboard")).context["dashboard"]
    assert len(admin.overdue) == admin.overdue_total == 22
