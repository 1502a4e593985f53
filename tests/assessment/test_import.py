"""The office's target sheet: the template downloaded, filled and imported (with a preview); a bad row
saves nothing and names its row number."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from assessment.models import Target
from assessment.services import import_targets, read_targets


def sheet(*rows) -> bytes:
    book = Workbook()
    page = book.active
    page.append(["2026年度目标"])  # a title row above the header, as the template has
    page.append(
        ["年度", "单位类型", "单位", "招商活动批次", "签约项目数", "到位资金（亿元）", "按期办结率（%，不低于）"]
    )
    for row in rows:
        page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_sheet_saves_every_target_and_updates_a_units_target(world):
    Target.objects.create(year=2026, indicator="projects_signed", department=world.mofcom, value=1)
    data = sheet(
        (2026, "部门", "商务局", 24, 40, 60, 90),
        (2026, "县区", "凌海市", 12, 15, None, None),
        (2026, "产业链", "风电装备", None, 5, None, None),
    )
    result = import_targets(data, actor=world.office)
    assert len(result.rows) == 7
    saved = {(str(t.unit), t.indicator): t.value for t in Target.objects.all()}
    assert saved[("商务局", "projects_signed")] == Decimal(40)  # updated, not doubled
    assert saved[("商务局", "on_time_rate")] == Decimal(90)
    assert saved[("凌海市", "activities")] == Decimal(12)
    assert saved[("风电装备", "projects_signed")] == Decimal(5)
    assert len(saved) == 7
    assert Target.objects.get(department=world.linghai, indicator="activities").history.first().history_user == (
        world.office
    )


def test_a_bad_row_saves_nothing_and_names_the_row(world):
    data = sheet(
        (2026, "部门", "商务局", 24, 40, 60, 90),
        (2026, "县区", "不存在县", 12, 15, None, None),
        (2026, "县区", "凌海市", "十二", 15, None, None),
        (2026, "部门", "商务局", None, None, None, 120),
    )
    with pytest.raises(ValidationError) as caught:
        import_targets(data, actor=world.office)
    assert caught.value.messages == [
        "Row 4: no unit named “不存在县” of that type.",
        "Row 5: Investment activity batches: “十二” is not a number.",
        "Row 6: On-time closure rate (%, at least) is a percentage, at most 100.",
    ]
    assert Target.objects.count() == 0


def test_not_a_workbook_is_one_clear_error(world):
    assert read_targets(b"not a workbook").errors == ["This is not an Excel workbook (.xlsx)."]


def test_the_admin_previews_then_saves_from_the_downloaded_template(world, client):
    client.force_login(world.office)
    template = client.get("/admin/assessment/target/template/")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    header = [cell.value for cell in book.active[2]]
    assert header[:3] == ["年度", "单位类型", "单位"] and "到位资金（亿元）" in header
    page = book.active
    assert [cell.value for cell in page[3]][:3] == [2026, "县区", "凌海市"]  # the example row
    page.delete_rows(3, page.max_row)
    page.append([2026, "县区", "北镇市", *([None] * (len(header) - 3))])
    page.cell(row=3, column=header.index("签约项目数") + 1, value=10)
    out = io.BytesIO()
    book.save(out)
    out.name = "targets.xlsx"
    out.seek(0)

    preview = client.post("/admin/assessment/target/import/", {"workbook": out})
    assert preview.status_code == 200 and "将保存 1 项目标" in preview.content.decode()
    assert Target.objects.count() == 0  # a preview saves nothing
    content = preview.context["form"].initial["content"]
    saved = client.post("/admin/assessment/target/import/", {"content": content, "confirm": "1"})
    assert saved.status_code == 302
    assert Target.objects.get().value == Decimal(10)

    bad = sheet((2026, "县区", "北镇市", "x", None, None, None))
    bad_file = io.BytesIO(bad)
    bad_file.name = "bad.xlsx"
    refused = client.post("/admin/assessment/target/import/", {"workbook": bad_file})
    assert refused.status_code == 400
    assert "第 3 行：招商活动批次：“x”不是数字。" in refused.content.decode()
