"""The default assessment scheme (考核方案), which the office edits in the admin."""

from django.db import migrations

LINES = [
    ("按期办结率", "on_time_rate", "40", "0"),
    ("逾期率", "overdue_rate", "20", "0"),
    ("年度目标完成", "targets_met", "30", "0"),
    ("被督办次数", "notices", "5", "1"),
    ("进展逾期报送", "late_reports", "5", "0.5"),
]


def seed(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    SchemeLine = apps.get_model("assessment", "SchemeLine")
    scheme, created = Scheme.objects.get_or_create(
        name="默认考核方案",
        defaults={
            "is_default": True,
            "description": "按期办结率40分、逾期率20分、年度目标完成30分，被督办每次扣1分（最多5分），进展逾期报送每次扣0.5分（最多5分）。",
        },
    )
    if created:
        for order, (label, measure, weight, deduction) in enumerate(LINES, start=1):
            SchemeLine.objects.create(
                scheme=scheme, order=order, label=label, measure=measure, weight=weight, deduction=deduction
            )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_targets_and_assessments")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
