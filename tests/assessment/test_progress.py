"""Targets against the records: the actuals counted from the records by their dates and units, the
progress against 时序进度 (days elapsed ÷ days in the year), behind schedule first, in a fixed number
of queries whatever the number of units."""

import datetime as dt
from decimal import Decimal

from django.db import connection

from assessment.selectors import schedule_percent, target_progress
from jinzhou.casework.models import Case
from projects.models import FundsReceipt, InvestmentActivity, InvestmentProject
from tests.assessment.conftest import AS_OF, target
from tests.world import case_in_state


def signed(world, title, *, on, amount, department=None):
    project = case_in_state(InvestmentProject, "signed", world=world, chain=world.wind, title=title,
                            signed_on=on, amount_yi=Decimal(amount))  # fmt: skip
    if department is not None:
        Case.objects.filter(pk=project.pk).update(responsible_department=department)
        project.refresh_from_db()
    return project


def test_time_elapsed_is_calendar_days_of_the_year():
    assert schedule_percent(2026, dt.date(2026, 7, 2)) == Decimal("50.1")  # 183 / 365
    assert schedule_percent(2026, dt.date(2026, 12, 31)) == Decimal("100.0")
    assert schedule_percent(2024, dt.date(2024, 12, 31)) == Decimal("100.0")  # 366 of 366
    assert schedule_percent(2026, dt.date(2025, 12, 31)) == Decimal("0.0")
    assert schedule_percent(2026, dt.date(2027, 3, 1)) == Decimal("100.0")


def test_actuals_come_from_the_records_by_date_and_unit(world):
    target(world.mofcom, "projects_signed", 4)
    target(world.mofcom, "signed_amount", 10)
    target(world.mofcom, "funds_received", 8)
    target(world.mofcom, "activities", 2)
    first = signed(world, "风电主机项目", on=dt.date(2026, 3, 1), amount="6.5")
    signed(world, "去年的项目", on=dt.date(2025, 12, 30), amount="9")  # last year: not this year's
    signed(world, "凌海项目", on=dt.date(2026, 3, 1), amount="3", department=world.linghai)  # another unit
    FundsReceipt.objects.create(project=first, date=dt.date(2026, 6, 30), amount_yi=Decimal("2.5"))
    FundsReceipt.objects.create(project=first, date=dt.date(2026, 7, 3), amount_yi=Decimal("4"))  # after the day
    activity = InvestmentActivity.objects.create(
        date=dt.date(2026, 5, 1), title="赴江苏招商", activity_kind="outbound_visit", leader_level="vice_mayor",
        department=world.mofcom,
    )  # fmt: skip
    activity.enterprises.add(world.citic, world.other_enterprise)

    rows = {row.indicator: row for row in target_progress(2026, as_of=AS_OF)}

    assert rows["projects_signed"].actual == 1 and rows["projects_signed"].percent == Decimal("25.0")
    assert rows["signed_amount"].actual == Decimal("6.5") and rows["signed_amount"].percent == Decimal("65.0")
    # A receipt counts on its date: the one of 3 July is not in the figure of 2 July.
    assert rows["funds_received"].actual == Decimal("2.5")
    assert rows["activities"].actual == 1 and rows["activities"].percent == Decimal("50.0")
    assert {row.schedule for row in rows.values()} == {Decimal("50.1")}
    # 25 % and 31.3 % of the target by day 183 of 365 are behind; 65 % is ahead; 50 % of 2 batches is behind.
    assert rows["projects_signed"].behind and rows["funds_received"].behind and rows["activities"].behind
    assert not rows["signed_amount"].behind
    later = {row.indicator: row for row in target_progress(2026, as_of=dt.date(2026, 7, 3))}
    assert later["funds_received"].actual == Decimal("6.5")


def test_behind_schedule_first_and_rates_met_or_not(world):
    target(world.linghai, "projects_signed", 2)  # 1 of 2 = 50 %: behind 50.1 %
    target(world.beizhen, "projects_signed", 1)  # 1 of 1: met
    target(world.miit, "overdue_rate", 10)  # a ceiling: 1 of 1 open cases overdue = 100 %
    target(world.mofcom, "on_time_rate", 90)  # no closed case: no figure, not behind
    signed(world, "凌海项目", on=dt.date(2026, 3, 1), amount="1", department=world.linghai)
    signed(world, "北镇项目", on=dt.date(2026, 3, 1), amount="1", department=world.beizhen)
    late = case_in_state(InvestmentProject, "negotiating", world=world, chain=world.titanium, title="工信局项目")
    Case.objects.filter(pk=late.pk).update(due_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))

    rows = target_progress(2026, as_of=AS_OF)

    assert [(str(row.target.unit), row.indicator, row.behind) for row in rows] == [
        ("工信局", "overdue_rate", True),
        ("凌海市", "projects_signed", True),
        ("商务局", "on_time_rate", False),
        ("北镇市", "projects_signed", False),
    ]
    assert rows[0].actual == Decimal("100.0") and not rows[0].met and rows[0].percent is None
    assert rows[2].actual is None
    assert rows[0].admin_url == f"/admin/casework/case/?rated={world.miit.pk}&overdue=yes"
    assert rows[1].admin_url.startswith("/admin/projects/investmentproject/?responsible_department__id__exact=")
    assert "signed_on__gte=2026-01-01&signed_on__lte=2026-07-02" in rows[1].admin_url


def test_the_selector_costs_the_same_for_one_unit_or_three(world, django_assert_num_queries):
    indicators = ("activities", "projects_signed", "funds_received", "on_time_rate")
    for indicator in indicators:
        target(world.mofcom, indicator, 5)
    # The targets, then one grouped query per family: activities, projects, funds; the rates from the
    # kept tallies (casework.figures): whether they answer, the names of the chains and of the
    # departments, the live cases, the tallies (the year to date: its last month is read whole from
    # the tallies). SQLite keeps no tallies: one plain query.
    expected = 9 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(expected):
        assert len(target_progress(2026, as_of=AS_OF)) == 4
    for unit in (world.linghai, world.beizhen):
        for indicator in indicators:
            target(unit, indicator, 5)
    with django_assert_num_queries(expected):
        assert len(target_progress(2026, as_of=AS_OF)) == 12
    with django_assert_num_queries(expected):
        assert len(target_progress(2026, as_of=AS_OF, units=[world.linghai])) == 4
