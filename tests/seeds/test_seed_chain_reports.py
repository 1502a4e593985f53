"""The seed's sample chain reports: two reviewed months of the 钛白粉 chain with the article's capacity."""

from decimal import Decimal

from chains.models import ChainReport
from chains.selectors import chain_series


def test_the_titanium_chain_has_two_reviewed_sample_months_with_citics_capacity(seeded, run_seed):
    reports = ChainReport.objects.filter(reporting_chain__code="MT-01")
    assert reports.count() == 2
    assert all(r.is_sample and r.status == "approved" and r.source_note for r in reports)
    series = chain_series(reports[0].reporting_chain)
    assert series[0].period_start < series[1].period_start
    row = series[-1].capacities.get()
    assert (row.enterprise.name, row.product, row.current_capacity, row.planned_capacity, row.get_unit_display()) == (
        "中信钛业",
        "氯化法钛白粉",
        Decimal("6.00"),
        Decimal("12.00"),
        "万吨/年",
    )
    run_seed()
    assert reports.count() == 2
