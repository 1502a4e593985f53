"""Equal indicator weights (20 each) valid from 2020, so that an evaluation can be scored on a new
database. The province's current weights, when they differ, are entered in the admin."""

from django.db import migrations


def add_default_weights(apps, schema_editor) -> None:
    IndicatorWeights = apps.get_model("alliances", "IndicatorWeights")
    IndicatorWeights.objects.get_or_create(
        valid_from=2020,
        defaults={
            "innovation": 20,
            "performance": 20,
            "service": 20,
            "operation": 20,
            "benefit_sharing": 20,
            "note": "默认等权重；如省里另有规定，请在此修改 / equal weights by default",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("alliances", "0001_initial")]

    operations = [migrations.RunPython(add_default_weights, migrations.RunPython.noop)]
