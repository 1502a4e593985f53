"""The periodic tasks of the case engine, as django-celery-beat rows (staff adjust them in the admin):
the reminder sweep every five minutes and the digests at 09:00 Monday–Friday, Asia/Shanghai."""

from django.db import migrations
from django.utils import timezone

SWEEP = "casework.sweep_reminders"
DIGESTS = "casework.send_digests"


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    nine, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="9", day_of_week="1-5", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="Reminder sweep (casework.sweep_reminders)",
        defaults={"task": SWEEP, "interval": every_five, "queue": "reminders", "enabled": True},
    )
    PeriodicTask.objects.get_or_create(
        name="Morning digests (casework.send_digests)",
        defaults={"task": DIGESTS, "crontab": nine, "queue": "reminders", "enabled": True},
    )
    # A running beat reloads the schedule when this changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[SWEEP, DIGESTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_default_reminder_policies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
