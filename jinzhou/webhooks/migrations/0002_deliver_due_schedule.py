"""The every-minute ``webhooks.deliver_due`` schedule, in the database so staff can see and adjust it
in the admin (django-celery-beat). A schedule changed by staff is left as it is."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "webhooks.deliver_due"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute = IntervalSchedule.objects.filter(every=1, period="minutes").order_by("pk").first()
    if every_minute is None:
        every_minute = IntervalSchedule.objects.create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Deliver due partner webhooks (every minute)",
        defaults={
            "task": TASK_NAME,
            "interval": every_minute,
            "queue": "delivery",
            "enabled": True,
            "description": "Sends webhook retries when their backoff has passed, and deliveries or fan-outs "
            "left by a lost task, a stopped worker or a broker outage.",
        },
    )
    # Beat reloads its schedule when this changes (what the admin does on save).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
