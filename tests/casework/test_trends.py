"""The trends of the last 12 months, on hand-built cases across months (docs/metrics.md, "Trends"):
opened, closed, closed on time, and overdue at the month's end (a case closed late counts for
every month end between its deadline and its closure; one still open counts up to now)."""

import datetime as dt

import pytest
from django.utils import timezone

from jinzhou.casework.models import Case
from jinzhou.casework.reports import CLOSED_ON_TIME, cases_behind
from jinzhou.casework.trends import monthly_trends
from tests.world import ChainTask, case_in_state

TZ = timezone.get_default_timezone()
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=TZ)


def at(year, month, day, hour=10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=TZ)


def built(world, *, created, due, closed=None, chain=None, title="趋势") -> Case:
    case = case_in_state(ChainTask, "closed" if closed else "in_progress", world=world, chain=chain, title=title)
    Case.objects.filter(pk=case.pk).update(
        created_at=created, due_at=due, original_due_at=due, warn_at=due - dt.timedelta(days=3),
        closed_at=closed, is_open=closed is None,
    )  # fmt: skip
    return case


@pytest.fixture
def cases(world):
    on_time = built(world, created=at(2026, 1, 10), due=at(2026, 2, 10), closed=at(2026, 2, 5), title="按期")
    late = built(world, created=at(2026, 1, 20), due=at(2026, 2, 20), closed=at(2026, 4, 10), title="逾期后办结")
    still_open = built(world, created=at(2026, 3, 5), due=at(2026, 4, 1), title="仍逾期")
    elsewhere = built(world, created=at(2026, 5, 2), due=at(2026, 5, 30), chain=world.wind, title="风电")
    old = built(world, created=at(2024, 1, 2), due=at(2024, 2, 1), closed=at(2024, 3, 1), title="早已办结")
    return {"on_time": on_time, "late": late, "open": still_open, "wind": elsewhere, "old": old}


def table(months) -> dict:
    return {m.code: (m.opened, m.closed, m.closed_on_time, m.overdue_at_end) for m in months}


def test_the_last_twelve_months_of_the_whole_city(world, cases):
    months = monthly_trends(Case.objects.visible_to(world.office), now=NOW)
    assert [m.code for m in months][:2] == ["2025-07", "2025-08"]
    assert months[-1].code == "2026-06"
    rows = table(months)
    #                   opened closed on time overdue at end
    assert rows["2025-12"] == (0, 0, 0, 0)
    assert rows["2026-01"] == (2, 0, 0, 0)
    assert rows["2026-02"] == (0, 1, 1, 1)  # the late one, due 20 Feb, still open at the end of Feb
    assert rows["2026-03"] == (1, 0, 0, 1)
    assert rows["2026-04"] == (0, 1, 0, 1)  # the late one closed on 10 Apr; the open one due 1 Apr
    assert rows["2026-05"] == (1, 0, 0, 2)  # the wind case fell due on 30 May
    assert rows["2026-06"] == (0, 0, 0, 2)  # the month not yet over: as of now


def test_trends_of_one_chain(world, cases):
    wind = cases_behind(Case.objects.visible_to(world.office), chain=world.wind.pk)
    rows = table(monthly_trends(wind, now=NOW))
    assert rows["2026-05"] == (1, 0, 0, 1)
    assert sum(row[0] for row in rows.values()) == 1


def test_a_task_force_leader_sees_the_trends_of_their_industry_only(world, cases):
    rows = table(monthly_trends(Case.objects.visible_to(world.taskforce), now=NOW))
    assert rows["2026-05"] == (0, 0, 0, 1)  # the wind case is not theirs


@pytest.mark.parametrize("count", [1, 100])
def test_the_trends_cost_one_query_whatever_the_number_of_cases(world, django_assert_num_queries, count):
    for number in range(count):
        built(world, created=at(2026, 1 + number % 5, 3), due=at(2026, 2 + number % 4, 1), title=f"批量{number}")
    cases = Case.objects.visible_to(world.office)
    with django_assert_num_queries(1):
        months = monthly_trends(cases, now=NOW)
    assert sum(m.opened for m in months) == count


def test_a_case_handed_in_by_its_deadline_is_on_time_though_the_office_closed_it_later(world):
    handed = built(world, created=at(2026, 2, 2), due=at(2026, 3, 10), closed=at(2026, 3, 20), title="按期提交")
    late = built(world, created=at(2026, 2, 3), due=at(2026, 3, 10), closed=at(2026, 3, 20), title="逾期提交")
    Case.objects.filter(pk=handed.pk).update(handed_in_at=at(2026, 3, 9))
    Case.objects.filter(pk=late.pk).update(handed_in_at=at(2026, 3, 11))
    cases = Case.objects.filter(pk__in=[handed.pk, late.pk])
    assert table(monthly_trends(cases, now=NOW))["2026-03"] == (0, 2, 1, 0)
    # The same rule as the rates' (reports.CLOSED_ON_TIME, an ORM filter).
    assert list(cases.filter(CLOSED_ON_TIME).values_list("pk", flat=True)) == [handed.pk]


def test_a_distinct_or_grouped_queryset_is_refused_rather_than_miscounted(world):
    with pytest.raises(TypeError):
        monthly_trends(Case.objects.distinct(), now=NOW)
