"""Spreadsheet formula injection (issue 13, item 1): text a user typed reaches every export as text.

An enterprise's case title ``=HYPERLINK(…)`` must not become a live formula in the office's workbook;
numbers and dates stay numbers and dates. Every spreadsheet writer goes through
``jinzhou.spreadsheets`` (the last test holds the code base to that).
"""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from import_export.admin import ExportMixin
from import_export.resources import ModelResource
from openpyxl import load_workbook

from chains.models import Bottleneck
from jinzhou.org.models import Park
from tests.casework.admin_support import admin_url, assigned_bottleneck, build_cast, submitted_bottleneck

ATTACKS = [
    '=HYPERLINK("http://evil.example/login","click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def cast(db):
    return build_cast()


def workbook_rows(response) -> list:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2))


def test_a_formula_typed_as_a_case_title_is_exported_as_text(client, cast):
    for title in ATTACKS:
        submitted_bottleneck(cast, title=title)
    assigned_bottleneck(cast, title="钛白粉 = 主导产品")
    client.force_login(cast.office)
    rows = workbook_rows(client.get(admin_url(Bottleneck, "export")))
    # An XML parser may read a raw CR back as LF (the standard library's does, lxml keeps it).
    titles = {str(row[2].value).replace("\r", "\n"): row[2] for row in rows}
    for attack in ATTACKS:
        cell = titles["'" + attack.replace("\r", "\n")]
        assert cell.data_type == "s", attack  # a string cell, never a formula ("f")
    assert "钛白粉 = 主导产品" in titles  # text that cannot start a formula is left as typed
    assigned = next(row for row in rows if row[2].value == "钛白粉 = 主导产品")
    # The deadline and the creation time are still real dates that Excel can sort and compute with.
    assert isinstance(assigned[7].value, dt.datetime) and assigned[7].is_date
    assert isinstance(assigned[15].value, dt.datetime) and assigned[15].is_date


class ParkResource(ModelResource):
    class Meta:
        model = Park
        fields = ("name", "area_km2")


class ParkExportAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [ParkResource]


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_django_import_export_writes_through_the_same_helper(db, extension):
    """An admin that later adds django-import-export's export gets the neutralised formats for free."""
    Park.objects.create(name='=HYPERLINK("http://evil.example","点此")', kind="industrial_park", area_km2=12.5)
    model_admin = ParkExportAdmin(Park, admin.site)
    formats = {fmt().get_extension(): fmt for fmt in model_admin.get_export_formats()}
    assert set(formats) == {"xlsx", "csv"}
    request = RequestFactory().get("/")
    request.user = None
    data = model_admin.get_export_data(formats[extension](), request, Park.objects.all())
    if extension == "xlsx":
        name, area = load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True).__next__()
        assert name == '\'=HYPERLINK("http://evil.example","点此")'
        assert Decimal(str(area)) == Decimal("12.5") and not isinstance(area, str)
    else:
        text = data.decode() if isinstance(data, bytes) else data
        assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


# Writing spreadsheet cells: an openpyxl Workbook, a csv writer, django-import-export (reading is fine).
WRITERS = re.compile(
    r"from openpyxl import [^\n]*\bWorkbook\b|openpyxl\.Workbook\b"
    r"|\bcsv\.(writer|DictWriter)\b|from csv import [^\n]*\b(writer|DictWriter)\b"
    r"|from import_export|import import_export",
)


def test_every_spreadsheet_writer_goes_through_the_helper():
    """A new export that writes cells itself would skip the neutralisation: only the helper may."""
    root = Path(settings.BASE_DIR)
    helper = root / "jinzhou" / "spreadsheets.py"
    offenders = [
        str(path.relative_to(root))
        for folder in ("jinzhou", "chains", "projects", "alliances", "seeds")
        for path in (root / folder).rglob("*.py")
        if path != helper and "migrations" not in path.parts and WRITERS.search(path.read_text())
    ]
    assert offenders == []
