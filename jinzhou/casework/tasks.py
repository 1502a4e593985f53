"""Celery tasks of the case engine, on the ``reminders`` queue. Both are idempotent: a task run twice
(late acknowledgement, a lost worker, two beats by mistake) writes nothing the first run did not."""

from celery import shared_task

REMINDERS_QUEUE = "reminders"


@shared_task(name="casework.sweep_reminders", queue=REMINDERS_QUEUE, ignore_result=True)
def sweep_reminders() -> dict:
    """The reminder sweep; scheduled every five minutes by beat (django-celery-beat)."""
    from jinzhou.casework.services.sweep import sweep_reminders as sweep

    run = sweep()
    return {
        "cases": run.cases_claimed,
        "notifications": run.notifications_written,
        "escalations": run.escalations_written,
    }


@shared_task(name="casework.send_digests", queue=REMINDERS_QUEUE, ignore_result=True)
def send_digests() -> int:
    """The morning digests; scheduled at 09:00 Monday–Friday, skipping days off by the calendar."""
    from jinzhou.casework.services.digests import send_digests as send

    return send()
