"""The work dashboard for a glance and a drill-down: worst first, and every number a link to the
admin's list of exactly the cases it counts (issue 16 §6)."""

import pytest
from django.urls import reverse

from jinzhou.casework.models import Case
from jinzhou.casework.reports import NONE, cases_behind, light_counts_by
from tests.casework.dashboard_world import mixed_world

DASHBOARD = "/admin/casework/dashboard/"


@pytest.fixture
def mixed(world):
    return mixed_world(world)


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {case.pk for case in response.context["cl"].result_list}


def test_chains_worst_first_and_the_row_without_a_chain_last(world, mixed):
    rows = light_counts_by(Case.objects.visible_to(world.office), "chain")
    # 钛白粉 has 3 red, 风电装备 1 red and 2 yellow; the 2 red cases without a chain still come last.
    assert [(row["name"], row["red"], row["yellow"]) for row in rows] == [
        ("钛白粉", 3, 1),
        ("风电装备", 1, 2),
        (None, 2, 0),
    ]


def test_departments_ordered_by_red_then_yellow(world, mixed):
    rows = light_counts_by(Case.objects.visible_to(world.office), "responsible_department")
    assert [row["name"] for row in rows] == ["工信局", "商务局"]


def test_every_light_count_of_the_admin_dashboard_opens_exactly_its_cases(client, world, mixed):
    client.force_login(world.office)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    checked = 0
    for table in ("by_chain", "by_department"):
        for row in response.context[table]:
            for key in ("red", "yellow", "green", "grey", "total"):
                pks = listed(client, row["links"][key])
                assert len(pks) == row[key], (table, row["name"], key)
                checked += 1
    assert checked == 25
    # The chain row without a chain lists exactly the two red cases without one.
    none_row = response.context["by_chain"][-1]
    assert listed(client, none_row["links"]["red"]) == {case.pk for case in mixed["none_red"]}


def test_the_overdue_count_and_a_departments_overdue_rate_link_to_their_cases(client, world, mixed):
    client.force_login(world.office)
    response = client.get(DASHBOARD)
    board = response.context["dashboard"]
    assert len(listed(client, response.context["overdue_url"])) == board.overdue_total == 6
    for rates in board.rates:
        url = f"{reverse('admin:casework_case_changelist')}?rated={rates.department_id}&overdue=yes"
        assert len(listed(client, url)) == rates.open_overdue, rates.department
    assert f'?rated={world.miit.pk}&amp;overdue=yes">' in response.content.decode()


def test_cases_behind_is_the_one_definition(world, mixed):
    visible = Case.objects.visible_to(world.office)
    assert set(cases_behind(visible, chain=NONE, light="red").values_list("pk", flat=True)) == {
        case.pk for case in mixed["none_red"]
    }
    assert cases_behind(visible, chain=world.wind.pk, light="yellow").count() == 2
    assert cases_behind(visible, department=world.miit.pk, overdue=True).count() == 5  # 3 ti + 2 without chain


def test_the_office_sees_the_whole_city_as_title(client, world, mixed):
    client.force_login(world.office)
    response = client.get(DASHBOARD)
    assert response.context["scope_title"] == "全市"


@pytest.mark.parametrize(
    "query",
    ["period=2026-13", "period=soon", "start=2026-03-01&end=2026-01-01", "start=2026-03-01", "trend=chain:999999"],
)
def test_a_bad_picker_value_gets_a_message_not_a_500(client, world, mixed, query):
    client.force_login(world.office)
    response = client.get(f"{DASHBOARD}?{query}")
    assert response.status_code == 400
    assert response.context["problems"]
    # The page is still there, with the defaults.
    assert response.context["dashboard"].period is None
    assert 'data-testid="trend-table"' in response.content.decode()


def test_a_period_narrows_the_on_time_rate_but_not_the_lights(client, world, mixed):
    client.force_login(world.office)
    everything = client.get(DASHBOARD).context["dashboard"]
    month = client.get(f"{DASHBOARD}?period=2001-01").context["dashboard"]
    assert month.period.code == "2001-01"
    assert everything.total_rates.closed_with_deadline == 2
    assert month.total_rates.closed_with_deadline == 0  # nothing was closed in January 2001
    assert month.light_totals == everything.light_totals
    assert month.total_rates.open_overdue == everything.total_rates.open_overdue


@pytest.mark.parametrize("period", ["", "2001-01"])
def test_the_rates_closed_counts_link_to_their_cases(client, world, mixed, period):
    client.force_login(world.office)
    response = client.get(f"{DASHBOARD}?period={period}")
    board = response.context["dashboard"]
    code = response.context["closed_code"]
    changelist = reverse("admin:casework_case_changelist")
    for rates in [*board.rates, board.total_rates]:
        rated = f"rated={rates.department_id}&" if rates.department_id else ""
        assert len(listed(client, f"{changelist}?{rated}closed={code}&on_time=1")) == rates.closed_on_time
        assert len(listed(client, f"{changelist}?{rated}closed={code}")) == rates.closed_with_deadline
    if not period:
        assert (board.total_rates.closed_on_time, board.total_rates.closed_with_deadline) == (1, 2)
