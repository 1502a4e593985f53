"""The circular's figures: the same as the dashboard's on the same data, counted in a fixed number of
queries, with the notices, the overdue list and the change against the previous period."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circulars.selectors import FIGURE_QUERIES, circular_figures, figures_for
from jinzhou.casework.models import Case
from jinzhou.casework.periods import parse_period, previous_period
from jinzhou.casework.reports import dashboard_for, rank_departments
from tests.world import ChainTask, case_in_state


def test_the_circular_and_the_dashboard_agree(circular_world, world):
    period = circular_world["period"]
    board = dashboard_for(world.office, period=period, now=None)
    figures = figures_for(world.office, period)
    by_id = {row["id"]: row for row in figures["departments"]}
    for rates in board.rates:
        row = by_id[rates.department_id]
        assert (row["on_time_rate"], row["overdue_rate"]) == (
            None if rates.on_time_rate is None else str(rates.on_time_rate),
            None if rates.overdue_rate is None else str(rates.overdue_rate),
        )
    on_time, overdue = rank_departments(board.rates)
    assert [row["name"] for row in figures["ranking"]["on_time"]["ranked"]] == [r.department for r in on_time.ranked]
    assert [row["name"] for row in figures["ranking"]["on_time"]["unranked"]] == [
        r.department for r in on_time.unranked
    ]
    assert [row["name"] for row in figures["ranking"]["overdue"]["ranked"]] == [r.department for r in overdue.ranked]
    assert [row["reference"] for row in figures["overdue"]["rows"]] == [row.case.reference for row in board.overdue]
    assert [row["working_days_overdue"] for row in figures["overdue"]["rows"]] == [
        row.working_days_overdue for row in board.overdue
    ]
    assert figures["overdue"]["total"] == board.overdue_total == 6
    assert figures["totals"]["on_time_rate"] == str(board.total_rates.on_time_rate)


def test_what_each_row_counts(circular_world, world):
    figures = figures_for(world.office, circular_world["period"])
    miit = next(row for row in figures["departments"] if row["id"] == world.miit.pk)
    # 工信局: 5 closed on time this month (1 + 4), 5 red (3 on 钛白粉, 2 without a chain), 2 notices (1 signed).
    assert (miit["closed"], miit["closed_on_time"], miit["on_time_rate"]) == (5, 5, "100.0")
    assert (miit["open_overdue"], miit["notices_issued"], miit["notices_acknowledged"]) == (5, 2, 1)
    assert (miit["received"], miit["previous"]["received"]) == (12, 1)
    assert miit["previous"]["on_time_rate"] is None and miit["on_time_rate_change"] is None
    ranked = figures["ranking"]["on_time"]
    assert [row["name"] for row in ranked["ranked"]] == ["工信局"] and ranked["ranked"][0]["rank"] == 1
    # 商务局 closed 1 case (late): listed apart, not ranked below 工信局.
    assert [(row["name"], row["base"], row["rate"]) for row in ranked["unranked"]] == [("商务局", 1, "0.0")]
    chains = {row["name"]: row for row in figures["chains"]}
    assert list(chains) == ["钛白粉", "风电装备", ""]  # by name, the cases without a chain last
    assert (chains["风电装备"]["open_overdue"], chains[""]["open_overdue"]) == (1, 2)
    first = figures["overdue"]["rows"][0]
    assert first["reference"] == circular_world["ti_red"][0].reference
    assert (first["person"], first["latest_progress"]) == ("chainlead（工信局）", "已协调用地，待省厅批复")
    assert first["working_days_overdue"] >= 1


def test_a_fixed_number_of_queries_whatever_the_number_of_cases(circular_world, world):
    period = circular_world["period"]
    cases = Case.objects.all()
    circular_figures(cases, period)  # the calendar and the content types are loaded once per process
    with CaptureQueriesContext(connection) as few:
        circular_figures(cases, period)
    for number in range(6):
        case_in_state(ChainTask, "closed", world=world, chain=world.wind, title=f"更多{number}")
    with CaptureQueriesContext(connection) as more:
        figures = circular_figures(cases, period)
    expected = FIGURE_QUERIES + (connection.vendor == "postgresql")  # and SET LOCAL jit = off
    assert len(few) == len(more) == expected
    assert next(row for row in figures["chains"] if row["name"] == "风电装备")["closed"] == 7


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2026-01", "2025-12"),
        ("2026-11", "2026-10"),
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("2026", "2025"),
        ("2026-10-01..2026-11-30", "2026-08-01..2026-09-30"),
    ],
)
def test_the_previous_period_has_the_same_length(code, previous):
    assert previous_period(parse_period(code)).code == previous


def test_the_change_against_the_previous_period(circular_world, world):
    period = circular_world["period"]
    before = previous_period(period)
    late = case_in_state(ChainTask, "closed", world=world, title="上月按期办结")
    closed_at = dt.datetime.combine(before.last, dt.time(12), tzinfo=period.start.tzinfo)
    Case.objects.filter(pk=late.pk).update(closed_at=closed_at, created_at=closed_at - dt.timedelta(days=2))
    miit = next(row for row in figures_for(world.office, period)["departments"] if row["id"] == world.miit.pk)
    assert miit["previous"]["closed"] == 1 and miit["previous"]["on_time_rate"] == "100.0"
    assert miit["on_time_rate_change"] == "+0.0"
