"""Example annual targets (2026) for 商务局 and three counties, seeded with the demo users and marked as
samples: the office replaces them with its own sheet (目标与考核 → 年度目标 → 导入)."""

from __future__ import annotations

from decimal import Decimal

from assessment.models import Target
from jinzhou.org.models import Department
from seeds.upsert import Upserter

YEAR = 2026
NOTE = "示例目标，非正式下达"
# code → {indicator: target}
SAMPLE_TARGETS = {
    "mofcom": {
        "activities": 24, "enterprises_met": 120, "projects_signed": 40, "signed_amount": 150,
        "funds_received": 60, "projects_started": 25, "projects_producing": 12, "on_time_rate": 90,
        "overdue_rate": 10,
    },
    "linghai": {"activities": 12, "projects_signed": 15, "signed_amount": 50, "funds_received": 20,
                "projects_started": 8},
    "beizhen": {"activities": 8, "projects_signed": 10, "signed_amount": 30, "funds_received": 12,
                "projects_started": 6},
    "heishan": {"activities": 8, "projects_signed": 8, "signed_amount": 25, "funds_received": 10,
                "projects_started": 5},
}  # fmt: skip


def seed_sample_targets(up: Upserter) -> None:
    departments = Department.objects.in_bulk(list(SAMPLE_TARGETS), field_name="code")
    for code, targets in SAMPLE_TARGETS.items():
        department = departments.get(code)
        if department is None:
            continue
        for indicator, value in targets.items():
            up.upsert(
                Target,
                f"target {YEAR} {code} {indicator}",
                {"year": YEAR, "indicator": indicator, "department_id": department.pk},
                {"value": Decimal(value), "is_sample": True, "source_note": NOTE},
            )
