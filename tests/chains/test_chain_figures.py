"""The chains' figures read back: per chain and per industry for a period (the selector the dashboard
and the circular use), only reviewed reports, only what the reader may see, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chains.models import ChainReport
from chains.selectors import chain_figures, chain_series, latest_reviewed_period
from chains.services import open_period_reports, save_figures
from jinzhou.casework.services import transition
from jinzhou.org.models import Chain, SubField
from tests.world import build_world

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def world(db):
    return build_world()


def file_report(report, actor, office, *, output, enterprises, investment, solved, approve=True):
    save_figures(
        report,
        actor=actor,
        output_value=output,
        above_scale_enterprises=enterprises,
        investment_in_progress=investment,
        bottlenecks_solved=solved,
        narrative="运行平稳。",
    )
    report = transition(ChainReport.objects.get(pk=report.pk), "submit", actor=actor)
    if approve:
        transition(report, "approve", actor=office)


def reports_of(world, today):
    opened = {r.reporting_chain.code: r for r in open_period_reports(today=today)}
    return opened


def test_per_chain_and_per_industry_sums_of_reviewed_reports_only(world):
    # A second chain in the metals industry, led by the same bureau.
    second = Chain.objects.create(
        code="MT-02", name="海绵钛", subfield=SubField.objects.get(code="ti"), leader_department=world.miit
    )
    opened = reports_of(world, dt.date(2026, 11, 3))
    file_report(
        opened["MT-01"], world.chainlead, world.office, output="35.60", enterprises=16, investment="12.50", solved=2
    )
    file_report(
        opened["MT-02"], world.chainlead, world.office, output="4.40", enterprises=3, investment="0.50", solved=1
    )
    # Submitted but not reviewed: not a figure yet.
    file_report(
        opened["NE-01"],
        world.otherlead,
        world.office,
        output="99",
        enterprises=9,
        investment="9",
        solved=9,
        approve=False,
    )
    chains = Chain.objects.select_related("industry")
    with CaptureQueriesContext(connection) as queries:
        per_chain, industries = chain_figures(chains, OCTOBER)
    assert len(queries) == 2  # the chains, the sums: however many chains
    assert per_chain[second.pk].output_value == Decimal("4.40")
    assert world.wind.pk not in per_chain
    assert [
        (
            i.industry_name,
            i.output_value,
            i.above_scale_enterprises,
            i.investment_in_progress,
            i.bottlenecks_solved,
            i.reports,
        )
        for i in industries
    ] == [("金属材料", Decimal("40.00"), 19, Decimal("13.00"), 3, 2)]
    assert [chain.code for chain, _figures in industries[0].chains] == ["MT-01", "MT-02"]
    # Another period has nothing.
    assert chain_figures(chains, dt.date(2026, 9, 1)) == ({}, [])


def test_a_reader_sums_only_the_reports_they_may_see(world):
    opened = reports_of(world, dt.date(2026, 11, 3))
    file_report(
        opened["MT-01"], world.chainlead, world.office, output="35.60", enterprises=16, investment="12.50", solved=2
    )
    file_report(
        opened["NE-01"], world.otherlead, world.office, output="7.00", enterprises=5, investment="1.00", solved=0
    )
    chains = Chain.objects.select_related("industry")
    _, for_leader = chain_figures(chains, OCTOBER, user=world.leader)
    assert sorted(i.industry_name for i in for_leader) == ["新能源", "金属材料"]
    _, for_wind_lead = chain_figures(chains, OCTOBER, user=world.otherlead)
    assert [i.industry_name for i in for_wind_lead] == ["新能源"]
    assert chain_figures(chains, OCTOBER, user=world.outsider) == ({}, [])
    assert latest_reviewed_period(user=world.leader) == OCTOBER


def test_the_series_is_oldest_first(world):
    for today, output in ((dt.date(2026, 10, 2), "30.00"), (dt.date(2026, 11, 3), "35.60")):
        report = reports_of(world, today)["MT-01"]
        file_report(report, world.chainlead, world.office, output=output, enterprises=16, investment="1", solved=0)
    series = chain_series(world.titanium)
    assert [(r.period_label, r.output_value) for r in series] == [
        ("2026年9月", Decimal("30.00")),
        ("2026年10月", Decimal("35.60")),
    ]
