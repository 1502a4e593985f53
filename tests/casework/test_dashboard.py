"""The work dashboard against a hand-computed example (definitions in docs/metrics.md).

The example, for 工信局 (chain leader of the titanium chain):
  - two chain tasks closed well before their deadline                      → on time
  - one task whose deadline was extended, closed two days after its ORIGINAL
    deadline but before the extended one                                   → late
  - one open task with a deadline ahead, one open task seven days overdue
So 按期办结率 = 2 / 3 = 66.7% and 逾期率 = 1 / 2 = 50.0%.
商务局 has one open task, not overdue: no closure rate (—), 逾期率 0.0%.
A submitted bottleneck has no responsible department yet.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework.models import Case
from jinzhou.casework.reports import dashboard_for, department_rates, rate
from jinzhou.casework.services import decide_extension, request_extension, transition
from tests.casework.admin_support import (
    build_cast,
    chain_task,
    close_late,
    handle_and_close,
    make_overdue,
    submitted_bottleneck,
)

DASHBOARD = "/admin/casework/dashboard/"


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def example(cast):
    for number in range(2):
        handle_and_close(chain_task(cast, title=f"按期办结 {number}"), cast, cast.chainlead)

    late = chain_task(cast, title="延期后办结", days=5)
    late = transition(late, "acknowledge", actor=cast.chainlead)
    late = transition(late, "start", actor=cast.chainlead)
    extended_to = timezone.localtime(late.due_at).date() + dt.timedelta(days=30)
    extension = request_extension(late, actor=cast.chainlead, new_due_date=extended_to, reason="设备到货延迟")
    decide_extension(extension, actor=cast.office, approve=True)
    late.refresh_from_db()
    late = transition(late, "submit", actor=cast.chainlead, note="已完成")
    late = transition(late, "close", actor=cast.office)
    close_late(late, days_after_original=2)

    ahead = chain_task(cast, title="进行中", days=20)
    overdue = chain_task(cast, title="已逾期")
    make_overdue(overdue, days=7)
    wind = chain_task(cast, chain=cast.wind, title="风电任务")
    draft = submitted_bottleneck(cast)
    return {"late": late, "ahead": ahead, "overdue": overdue, "wind": wind, "draft": draft}


def by_id(rows, key="id"):
    return {row[key] if isinstance(row, dict) else getattr(row, key): row for row in rows}


def test_rate_rounds_half_up_to_one_decimal():
    assert rate(2, 3) == Decimal("66.7")
    assert rate(1, 8) == Decimal("12.5")
    assert rate(1, 2) == Decimal("50.0")
    assert rate(0, 0) is None


class TestHandComputedExample:
    def test_an_extension_does_not_make_a_late_closure_on_time(self, cast, example):
        late = Case.objects.get(pk=example["late"].pk)
        assert late.original_due_at < late.closed_at < late.due_at

    def test_rates_per_department(self, cast, example):
        rates = by_id(department_rates(Case.objects.visible_to(cast.office)), "department_id")
        miit = rates[cast.miit.pk]
        assert (miit.closed_on_time, miit.closed_with_deadline, miit.on_time_rate) == (2, 3, Decimal("66.7"))
        assert (miit.open_overdue, miit.open_with_deadline, miit.overdue_rate) == (1, 2, Decimal("50.0"))
        mofcom = rates[cast.mofcom.pk]
        assert (mofcom.closed_with_deadline, mofcom.on_time_rate) == (0, None)
        assert (mofcom.open_overdue, mofcom.open_with_deadline, mofcom.overdue_rate) == (0, 1, Decimal("0.0"))
        assert set(rates) == {cast.miit.pk, cast.mofcom.pk}

    def test_totals_and_lights(self, cast, example):
        board = dashboard_for(cast.office)
        assert (board.total_rates.on_time_rate, board.total_rates.overdue_rate) == (Decimal("66.7"), Decimal("33.3"))
        chains = by_id(board.by_chain)
        titanium = {key: chains[cast.titanium.pk][key] for key in ("red", "yellow", "green", "grey", "total")}
        assert titanium == {"red": 1, "yellow": 0, "green": 2, "grey": 3, "total": 6}
        assert chains[cast.wind.pk]["green"] == chains[cast.wind.pk]["total"] == 1
        departments = by_id(board.by_department)
        assert (departments[cast.miit.pk]["red"], departments[cast.miit.pk]["total"]) == (1, 5)
        assert departments[None]["total"] == 1  # the bottleneck not yet assigned
        assert board.light_totals == {"red": 1, "yellow": 0, "green": 3, "grey": 3, "total": 7}

    def test_overdue_list(self, cast, example):
        board = dashboard_for(cast.office)
        assert board.overdue_total == 1
        (row,) = board.overdue
        assert row.case.reference == example["overdue"].reference
        assert row.case.responsible_department == cast.miit
        # Seven calendar days after the deadline contain five working days (no holidays entered).
        assert row.working_days_overdue == 5

    def test_page_shows_the_numbers(self, client, cast, example):
        client.force_login(cast.office)
        response = client.get(DASHBOARD)
        assert response.status_code == 200
        page = response.content.decode()
        miit_row = page.split(f'data-department="{cast.miit.pk}"')[1].split("</tr>")[0]
        assert "66.7%" in miit_row and "50.0%" in miit_row
        assert example["overdue"].reference in page
        assert example["late"].reference not in page.split('id="overdue-cases"')[1]

    def test_the_index_links_to_the_dashboard(self, client, cast):
        client.force_login(cast.chainlead)
        assert reverse("admin:casework_dashboard") in client.get(reverse("admin:index")).content.decode()


class TestScope:
    def test_a_chain_leader_sees_only_their_figures(self, client, cast, example):
        board = dashboard_for(cast.otherlead)
        assert [row["id"] for row in board.by_chain] == [cast.wind.pk]
        assert [row.department_id for row in board.rates] == [cast.mofcom.pk]
        assert board.overdue == [] and board.overdue_total == 0
        client.force_login(cast.otherlead)
        page = client.get(DASHBOARD).content.decode()
        assert example["wind"].reference not in page  # nothing of theirs is overdue
        assert "66.7%" not in page

    def test_anonymous_visitors_are_sent_to_log_in(self, client, db):
        response = client.get(DASHBOARD)
        assert response.status_code == 302 and reverse("admin:login") in response.url


def test_dashboard_queries_do_not_grow_with_cases(client, cast, example):
    client.force_login(cast.office)
    client.get(DASHBOARD)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for number in range(10):
        make_overdue(chain_task(cast, title=f"更多 {number}", department=cast.mofcom))
        handle_and_close(chain_task(cast, title=f"办结 {number}"), cast, cast.chainlead)
    assert queries() == before
