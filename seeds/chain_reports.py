"""The demo's chain operation reports (产业链运行监测): the 钛白粉 chain (MT-01) has two reviewed monthly
reports before the month the schedule opens, marked as samples. The one figure from the article is
中信钛业's chloride-process titanium dioxide capacity, 6 万吨/年 expanding to 12 万吨/年; the other
figures are illustrations. A second run adds nothing for periods that have a report already."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chains.models import CapacityRow, ChainReport
from chains.services.reports import last_ended_period, report_deadline
from chains.workflows import CHAIN_REPORT
from jinzhou.casework.choices import EventKind
from jinzhou.casework.services import import_case
from jinzhou.org.models import Chain, Enterprise
from seeds.upsert import CHANGE_REASON, Upserter

CHAIN = "MT-01"
ENTERPRISE = "中信钛业"
SOURCE = "示例：产值等数字为演示；中信钛业氯化法钛白粉产能6万吨/年、正扩建至12万吨/年来自文章"
# Illustrative figures of the two months, oldest first (产值 and 在建投资 in 亿元, 户, 件).
SAMPLES = (
    ("3.42", 16, "8.60", 1, "氯化法钛白粉生产线满负荷运行；二期扩建项目设备安装中。"),
    ("3.65", 16, "9.10", 2, "氯化法钛白粉产销两旺；二期扩建进入调试阶段，下游涂料、塑料配套仍待补链。"),
)


def load_chain_reports(up: Upserter, *, today: dt.date | None = None) -> None:
    chain = Chain.objects.filter(code=CHAIN).select_related("leader_department").first()
    enterprise = Enterprise.objects.filter(name=ENTERPRISE).first()
    if chain is None or enterprise is None:
        return
    # The two months before the one the schedule opens for real.
    period = last_ended_period(today or timezone.localdate(), "monthly")
    periods = []
    for _index in SAMPLES:
        period = last_ended_period(period.start, "monthly")
        periods.insert(0, period)
    for period, (output, enterprises, investment, solved, narrative) in zip(periods, SAMPLES, strict=True):
        if ChainReport.objects.filter(reporting_chain=chain, period_start=period.start).exists():
            up.tally.unchanged["chainreport"] += 1
            continue
        due_at = report_deadline(period, 5)
        report = import_case(
            ChainReport,
            state="approved",
            history=[
                {
                    "kind": EventKind.CREATED,
                    "to_status": "approved",
                    "summary": _("Imported by the seed as %(status)s")
                    % {"status": CHAIN_REPORT.state("approved").label},
                    "note": SOURCE,
                }
            ],
            change_reason=CHANGE_REASON,
            due_at=due_at,
            closed_at=due_at - dt.timedelta(days=2),
            title=_("%(chain)s: operation report for %(period)s") % {"chain": chain.name, "period": period.label},
            chain=chain,
            reporting_chain=chain,
            cadence=period.cadence,
            period_start=period.start,
            period_end=period.end,
            responsible_department=chain.leader_department,
            output_value=Decimal(output),
            above_scale_enterprises=enterprises,
            investment_in_progress=Decimal(investment),
            bottlenecks_solved=solved,
            narrative=narrative,
            is_sample=True,
            source_note=SOURCE,
        )
        CapacityRow.objects.create(
            report=report,
            enterprise=enterprise,
            product="氯化法钛白粉",
            current_capacity=Decimal("6"),
            planned_capacity=Decimal("12"),
            unit="wan_t_year",
        )
        up.tally.created["chainreport"] += 1
