"""The circular carries the year's targets (六) and the chains' reviewed figures of the month (七) after
its five standard sections, in the Word document and the kept figures; each is left out when it has
nothing to say."""

import datetime as dt
from decimal import Decimal

from assessment.models import Target
from chains.services import open_period_reports
from circulars.selectors import figures_for
from circulars.services import generate_circular
from jinzhou.casework.periods import parse_period
from tests.chains.test_chain_figures import file_report
from tests.circulars.test_documents import _docx_text

OCTOBER = parse_period("2026-10")


def test_a_month_with_targets_and_reviewed_figures_prints_both_sections(world):
    Target.objects.create(year=2026, indicator="projects_signed", department=world.miit, value=Decimal(4))
    opened = {r.reporting_chain.code: r for r in open_period_reports(today=dt.date(2026, 11, 3))}
    file_report(
        opened["MT-01"], world.chainlead, world.office, output="35.60", enterprises=16, investment="12.50", solved=2
    )

    circular = generate_circular(world.office, OCTOBER)

    sections = {section["name"]: section for section in circular.figures["extra_sections"]}
    targets, chains = sections["year_targets"], sections["chain_figures"]
    assert targets["title"].startswith("六、") and chains["title"].startswith("七、")
    # No project signed: 0 of 4, behind the schedule of the year's 304 days by 31 October (83.3 %).
    assert targets["rows"] == [["工信局", "签约项目数", "4", "0", "0.0%", "83.3%", "滞后"]]
    assert chains["rows"][0][1:] == [1, "35.60", 16, "12.50", 2]
    paragraphs, tables = _docx_text(bytes(circular.docx))
    assert "六、年度目标完成情况" in paragraphs and "七、产业链运行监测" in paragraphs
    # Each section's table is a Word table, not lines of text.
    headings = {tuple(cell.text for cell in table.rows[0].cells): table for table in tables}
    target_table = headings[("单位", "指标", "目标", "完成", "进度", "时序进度", "状态")]
    assert [cell.text for cell in target_table.rows[1].cells][:4] == ["工信局", "签约项目数", "4", "0"]
    assert next(h for h in headings if h[0] == "产业")[:3] == ("产业", "已报送产业链", "产值（亿元）")


def test_without_targets_or_reviewed_figures_neither_section_is_printed(world):
    figures = figures_for(world.office, OCTOBER)
    assert [section["name"] for section in figures["extra_sections"]] == []
    # A quarter adds no chain figures even when a month of it was reviewed.
    opened = {r.reporting_chain.code: r for r in open_period_reports(today=dt.date(2026, 11, 3))}
    file_report(opened["MT-01"], world.chainlead, world.office, output="1", enterprises=1, investment="1", solved=0)
    quarter = figures_for(world.office, parse_period("2026-Q4"))
    assert "chain_figures" not in [section["name"] for section in quarter["extra_sections"]]
