"""The office's target sheet (年度目标表): one row per unit, one column per indicator, as the office keeps
it in Excel. ``template_workbook`` is the blank sheet to fill; ``read_targets`` checks every row (errors
name the row number) and ``import_targets`` saves all rows or, when any row is bad, none."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.choices import RATES, Indicator, UnitKind
from assessment.models import Target
from assessment.models.targets import UNIT_FIELDS
from jinzhou.org.models import Chain, Department, Park
from jinzhou.spreadsheets import TableSheet, new_workbook, xlsx_bytes

MAX_ROWS = 2000
# The 单位类型 column: what the office writes for each kind of unit.
UNIT_WORDS = {
    "部门": UnitKind.DEPARTMENT,
    "县区": UnitKind.DEPARTMENT,
    "县（市）区": UnitKind.DEPARTMENT,
    "园区": UnitKind.PARK,
    "产业链": UnitKind.CHAIN,
}
UNIT_MODELS = {UnitKind.DEPARTMENT: Department, UnitKind.PARK: Park, UnitKind.CHAIN: Chain}


def headers() -> list[str]:
    """The sheet's columns, in Chinese whatever the visitor's language (the office's own sheet)."""
    with translation.override("zh-hans"):
        return [
            _("Year"),
            _("Unit type"),
            pgettext("organisation", "Unit"),
            *(str(label) for label in Indicator.labels),
        ]


def _indicator_columns(header: list) -> dict[int, str]:
    """Column index → indicator, by the Chinese or English label or the code."""
    names = {}
    for code, label in Indicator.choices:
        names[code] = code
        names[str(label)] = code
        with translation.override("zh-hans"):
            names[str(label)] = code
        with translation.override("en"):
            names[str(label)] = code
    return {index: names[str(text).strip()] for index, text in enumerate(header) if str(text or "").strip() in names}


def template_workbook(year: int) -> bytes:
    book = new_workbook(write_only=True)  # no empty default sheet: the table is the first
    sheet = TableSheet(book, _("Targets"), headers(), heading=_("Annual targets %(year)d") % {"year": year})
    sheet.write([[year, "县区", "凌海市", *([None] * len(Indicator.values))]])
    guide = TableSheet(book, _("Notes"), [_("Column"), _("What to enter")])
    guide.write(
        [
            [headers()[1], "部门 / 县区 / 园区 / 产业链"],
            [headers()[2], _("The unit's name exactly as in the org chart (or the department's code).")],
            [_("Indicators"), _("A number; leave blank for no target. Rates are percentages (e.g. 95).")],
        ]
    )
    return xlsx_bytes(book)


@dataclass
class ReadTargets:
    rows: list[dict] = field(default_factory=list)  # {"row", "year", "kind", "unit", "indicator", "value"}
    errors: list[str] = field(default_factory=list)


def _number(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or number < 0:
        raise ValueError
    return number


def _find_unit(kind: str, name: str):
    model = UNIT_MODELS[kind]
    q = {"name": name}
    found = list(model.objects.filter(**q)[:2])
    if not found and model is Department:
        found = list(Department.objects.filter(code=name)[:2])
    return found[0] if len(found) == 1 else None


def read_targets(data: bytes) -> ReadTargets:
    """Every row of the sheet checked; nothing is saved here."""
    from openpyxl import load_workbook

    result = ReadTargets()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not a workbook at all: one clear message
        result.errors.append(_("This is not an Excel workbook (.xlsx)."))
        return result
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    # The header is the first row naming the year column (the template has a title row above it).
    start = next(
        (i for i, line in enumerate(lines[:5]) if line and str(line[0] or "").strip() in ("年度", "Year")), None
    )
    if start is None:
        result.errors.append(_("No header row: the first column must be “年度”. Download the template."))
        return result
    columns = _indicator_columns(list(lines[start]))
    if not columns:
        result.errors.append(_("The header names no indicator. Download the template."))
        return result
    for offset, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line or all(cell in (None, "") for cell in line):
            continue
        _read_row(result, offset, line, columns)
    if not result.rows and not result.errors:
        result.errors.append(_("The sheet has no targets."))
    return result


def _read_row(result: ReadTargets, number: int, line, columns: dict[int, str]) -> None:
    def error(text: str) -> None:
        result.errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": text})

    try:
        year = int(str(line[0]).strip())
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        return error(_("the year “%(value)s” is not a year.") % {"value": line[0]})
    kind = UNIT_WORDS.get(str(line[1] or "").strip())
    if kind is None:
        return error(_("the unit type must be 部门, 县区, 园区 or 产业链, not “%(value)s”.") % {"value": line[1] or ""})
    name = str(line[2] or "").strip()
    unit = _find_unit(kind, name)
    if unit is None:
        return error(_("no unit named “%(name)s” of that type.") % {"name": name})
    found = False
    for index, indicator in columns.items():
        cell = line[index] if index < len(line) else None
        try:
            value = _number(cell)
        except ValueError:
            label = Indicator(indicator).label
            return error(_("%(indicator)s: “%(value)s” is not a number.") % {"indicator": label, "value": cell})
        if value is None:
            continue
        if indicator in RATES and value > 100:
            return error(_("%(indicator)s is a percentage, at most 100.") % {"indicator": Indicator(indicator).label})
        found = True
        result.rows.append(
            {"row": number, "year": year, "kind": kind, "unit": unit, "indicator": indicator, "value": value,
             "indicator_label": Indicator(indicator).label}
        )  # fmt: skip
    if not found:
        error(_("no target in this row."))


def import_targets(data: bytes, *, actor, is_sample: bool = False) -> ReadTargets:
    """Save every target of the sheet (a unit's existing target for the year is updated), or none at all."""
    result = read_targets(data)
    if result.errors:
        raise ValidationError(result.errors)
    with transaction.atomic():
        for row in result.rows:
            save_target(row["year"], row["unit"], row["kind"], row["indicator"], row["value"], actor=actor,
                        is_sample=is_sample)  # fmt: skip
    return result


def save_target(year, unit, kind, indicator, value, *, actor, is_sample=False, note="") -> Target:
    field_name = UNIT_FIELDS[kind]
    target = Target.objects.filter(year=year, indicator=indicator, **{field_name: unit}).first()
    if target is None:
        target = Target(year=year, indicator=indicator, **{field_name: unit})
    target.value = value
    target.updated_by = actor
    target.is_sample = is_sample
    if note:
        target.note = note
    target._history_user = actor
    target.full_clean()
    target.save()
    return target
