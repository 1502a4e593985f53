"""A decision is a case: the reminder sweep reminds its lead department like any other."""

from django.utils import timezone

from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification


def test_the_sweep_reminds_the_lead_department_of_a_decision(world, meet):
    meeting = meet(decisions=[{"text": "限期办理", "chain": world.titanium, "department": world.miit,
                               "due_in_working_days": 3}])  # fmt: skip
    task = meeting.decisions.get().task
    task.refresh_from_db()
    assert task.next_reminder_at is not None
    before = set(Notification.objects.filter(case_id=task.pk).values_list("pk", flat=True))

    run = sweep_reminders(now=max(task.next_reminder_at, timezone.now()) + timezone.timedelta(minutes=1))

    reminders = Notification.objects.filter(case_id=task.pk).exclude(pk__in=before)
    assert run.notifications_written >= 1
    assert world.chainlead.pk in set(reminders.values_list("recipient_id", flat=True))
    assert all(not step.startswith("event:") for step in reminders.values_list("step", flat=True))
