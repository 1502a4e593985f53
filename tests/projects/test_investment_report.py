"""The investment report page and its exports: opens on the latest year with figures, every table has
its headings, amounts in 亿元 with two decimals on the page and in Excel (numbers, 0.00) and Word, the
“—” rows explained."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from projects import services
from projects.choices import LeaderLevel
from projects.investment_report import yi_text
from projects.models import InvestmentProject

pytestmark = pytest.mark.django_db
URL = "admin:projects_investment_report"


@pytest.fixture
def figures(cast):
    """2022: one activity; a wind project signed with 23.456 亿元 and one with no chain, 1.5 亿元."""
    services.record_activity(
        actor=cast.otherlead, date=dt.date(2022, 3, 8), title="副市长带队赴江苏招商", activity_kind="outbound_visit",
        leader_level=LeaderLevel.VICE_MAYOR, leader_name="某副市长", enterprises=[cast.citic, cast.shengong],
    )  # fmt: skip
    wind = services.create_investment_project(
        actor=cast.otherlead, title="国电投40万千瓦风电项目", enterprise=cast.other_enterprise, chain=cast.wind
    )
    loose = services.create_investment_project(actor=cast.otherlead, title="某配套项目", enterprise=cast.citic)
    InvestmentProject.objects.filter(pk=wind.pk).update(signed_on=dt.date(2022, 6, 1), amount_yi=Decimal("23.456"))
    InvestmentProject.objects.filter(pk=loose.pk).update(signed_on=dt.date(2022, 7, 1), amount_yi=Decimal("1.5"))
    return cast


def table(html: str, key: str) -> str:
    return re.search(rf'<table id="{key}">.*?</table>', html, re.S).group(0)


def test_the_report_opens_on_the_latest_year_with_figures_with_headings_and_two_decimals(admin_client, figures):
    response = admin_client.get(reverse(URL))
    html = response.content.decode()
    assert response.context["form"].initial == {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)}
    assert "Investment report 2022-01-01 – 2022-12-31" in html
    assert "Opens on 2022, the latest year with an activity" in html
    for key in ("activity-report", "activity-by-month", "projects-by-chain", "projects-by-park"):
        assert '<th scope="col">' in table(html, key), key
    by_month = table(html, "activity-by-month")
    assert re.search(r'<th scope="row">2022-03</th><td>1</td><td>2</td>', by_month)
    by_chain = table(html, "projects-by-chain")
    assert "Signed amount (100M yuan)" in by_chain
    assert re.search(r'<th scope="row">风电装备</th><td>1</td><td>23.46</td><td>0</td><td>0.00</td>', by_chain)
    assert re.search(r'<th scope="row">—</th><td>1</td><td>1.50</td>', by_chain)
    assert re.search(r'<th scope="row">Total</th><td>2</td><td>24.96</td>', by_chain)
    assert "“—” in the chain column: projects with no chain recorded." in html


def test_an_empty_database_opens_on_the_current_year(admin_client):
    response = admin_client.get(reverse(URL))
    year = dt.date.today().year
    assert response.context["form"].initial["start"] == dt.date(year, 1, 1)
    assert "No project moved in this period." in response.content.decode()


def test_amounts_are_written_one_way():
    assert [yi_text(v) for v in (None, 0, Decimal("23.456"), Decimal("1.5"), 7)] == [
        "0.00", "0.00", "23.46", "1.50", "7.00",
    ]  # fmt: skip


def test_the_excel_export_has_frozen_headings_a_filter_and_amounts_as_numbers(admin_client, figures):
    response = admin_client.get(reverse(URL), {"start": "2022-01-01", "end": "2022-12-31", "export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="investment-report-20220101-20221231.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Projects by chain"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1] == [
        "Chain", "Signed", "Signed amount (100M yuan)", "Started", "Started amount (100M yuan)", "Completed",
        "Completed amount (100M yuan)", "Upgrades and capital increases",
    ]  # fmt: skip
    wind = next(row for row in rows if row[0] == "风电装备")
    assert wind[:3] == ["风电装备", 1, 23.46] and isinstance(wind[2], float)
    assert sheet.cell(row=rows.index(wind) + 1, column=3).number_format == "0.00"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:H")
    assert book["Investment activities"]["A2"].value == "Led by"


def test_the_word_export_writes_the_same_tables(admin_client, figures):
    response = admin_client.get(reverse(URL), {"start": "2022-01-01", "end": "2022-12-31", "export": "docx"})
    document = Document(io.BytesIO(response.content))
    chain = document.tables[2]
    assert chain.rows[0].cells[2].text == "Signed amount (100M yuan)"
    assert [cell.text for cell in chain.rows[1].cells[:3]] == ["风电装备", "1", "23.46"]
    assert any("no chain recorded" in paragraph.text for paragraph in document.paragraphs)
