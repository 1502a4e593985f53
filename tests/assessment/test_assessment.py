"""The annual assessment: computed by the scheme from the records, reviewed, published and then kept as
published whatever the records do; exported as Excel and Word."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook

from assessment import services
from assessment.models import Assessment
from jinzhou.casework.models import Case, Escalation
from tests.world import Bottleneck, case_in_state

AS_OF = dt.date(2026, 7, 2)


def overdue_case(world, title="钛材断点"):
    case = case_in_state(Bottleneck, "assigned", world=world, chain=world.titanium, title=title)
    Case.objects.filter(pk=case.pk).update(due_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    return case


def row_of(assessment, department):
    return assessment.rows.get(department=department)


def test_compute_review_publish_keeps_the_published_figures(world):
    case = overdue_case(world)
    Escalation.objects.create(case=case, level=1, notice_number="DB-1", target="department",
                              target_department=world.miit, issued_by=world.office)  # fmt: skip
    Escalation.objects.update(issued_at=dt.datetime(2026, 6, 15, tzinfo=dt.UTC))
    assessment = services.start_assessment(2026, actor=world.office, as_of=AS_OF)
    assert [line["label"] for line in assessment.lines] == [
        "按期办结率",
        "逾期率",
        "年度目标完成",
        "被督办次数",
        "进展逾期报送",
    ]
    miit = row_of(assessment, world.miit)
    # 逾期率 100 % scores 0 of 20; one notice costs 1 of 5; the rest full marks (no figure, "—").
    assert [figure["figure"] for figure in miit.figures] == ["—", "100.0%", "—", "1", "0"]
    assert [figure["score"] for figure in miit.figures] == ["40.00", "0.00", "30.00", "4.00", "5.00"]
    assert miit.total == Decimal("79.00")
    assert row_of(assessment, world.mofcom).total == Decimal("100.00") and row_of(assessment, world.mofcom).rank == 1
    assert miit.rank == 4  # 商务局 and the two counties share the first place

    # A draft follows the records when recomputed.
    Case.objects.filter(pk=case.pk).update(due_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    services.compute(assessment, actor=world.office, as_of=AS_OF)
    assert row_of(assessment, world.miit).total == Decimal("99.00")

    services.review(assessment, actor=world.office)
    services.publish(Assessment.objects.get(pk=assessment.pk), actor=world.office)
    # The records change after publication: the published figures stay.
    overdue_case(world, title="另一个逾期断点")
    with pytest.raises(ValidationError, match="Only a draft is recomputed"):
        services.compute(assessment, actor=world.office, as_of=AS_OF)
    published = Assessment.objects.get(pk=assessment.pk)
    assert published.status == "published" and published.published_by == world.office
    assert row_of(published, world.miit).total == Decimal("99.00")
    assert row_of(published, world.miit).figures[1]["figure"] == "0.0%"


def test_only_the_office_assesses(world):
    with pytest.raises(PermissionDenied):
        services.start_assessment(2026, actor=world.chainlead)
    assessment = services.start_assessment(2026, actor=world.office, as_of=AS_OF)
    with pytest.raises(ValidationError, match="needs it Reviewed"):
        services.publish(assessment, actor=world.office)


def test_exports_open_with_the_title_the_headings_and_a_known_row(world, client):
    overdue_case(world)
    assessment = services.start_assessment(2026, actor=world.office, as_of=AS_OF)
    client.force_login(world.office)
    page = client.get(f"/admin/assessment/assessment/{assessment.pk}/change/").content.decode()
    assert "审核通过" in page and "工信局" in page

    book = load_workbook(io.BytesIO(client.get(f"/admin/assessment/assessment/{assessment.pk}/export.xlsx").content))
    sheet = book.active
    assert sheet["A1"].value == "2026年度各单位考核结果（草稿）"
    assert [cell.value for cell in sheet[2]][:4] == ["排名", "单位", "按期办结率", "按期办结率（得分）"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["工信局"][0] == 4 and rows["工信局"][4] == "100.0%" and rows["工信局"][-1] == 80

    response = client.get(f"/admin/assessment/assessment/{assessment.pk}/export.docx")
    document = Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "2026年度各单位考核结果"
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["排名", "单位", "各项得分", "总分"]
    miit = next(row for row in table.rows if row.cells[1].text == "工信局")
    assert miit.cells[0].text == "4" and miit.cells[3].text == "80.00"
    assert "逾期率 100.0%（0.00分）" in miit.cells[2].text

    for step in ("review", "publish"):
        client.post(f"/admin/assessment/assessment/{assessment.pk}/step/{step}/")
    assert Assessment.objects.get(pk=assessment.pk).status == "published"
