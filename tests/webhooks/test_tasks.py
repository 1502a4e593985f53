"""How the webhook tasks run in production: on the delivery queue, with the sweep scheduled by beat."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from jinzhou.celery import app
from jinzhou.webhooks import tasks


@pytest.mark.parametrize("task", [tasks.fan_out, tasks.deliver, tasks.deliver_due])
def test_webhook_tasks_go_to_the_delivery_queue(task):
    # What apply_async would publish to (the worker in `make run` listens on celery,reminders,delivery).
    route = app.amqp.router.route(task._get_exec_options(), task.name)
    assert route["queue"].name == "delivery"


@pytest.mark.django_db
def test_the_sweep_is_scheduled_every_minute_by_a_migration_that_can_run_again():
    migration = importlib.import_module("jinzhou.webhooks.migrations.0002_deliver_due_schedule")
    migration.create_schedule(apps, None)  # already applied to the test database: a second run adds nothing

    sweep = PeriodicTask.objects.select_related("interval").get(task="webhooks.deliver_due")
    assert sweep.enabled and sweep.queue == "delivery"
    assert (sweep.interval.every, sweep.interval.period) == (1, "minutes")
