"""The default reminder policy of the kinds that exist now; kinds registered later get theirs on demand."""

from django.db import migrations

KINDS = ("bottleneck", "task")


def create_policies(apps, schema_editor):
    ReminderPolicy = apps.get_model("casework", "ReminderPolicy")
    for kind in KINDS:
        ReminderPolicy.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_reminders")]

    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
