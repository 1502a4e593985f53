"""``manage.py sweep_reminders``: run the reminder sweep once, now (what beat runs every five minutes)."""

from django.core.management.base import BaseCommand, CommandParser

from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.services.reminders import recompute_open_cases
from jinzhou.casework.services.sweep import BATCH_SIZE, sweep_reminders


class Command(BaseCommand):
    help = "Send the reminders and ladder escalations that are due now. Safe to run at any time, and twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=BATCH_SIZE, help=f"cases per transaction (default {BATCH_SIZE})"
        )
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="first recompute every open case's next reminder from its policy (after loading cases in bulk)",
        )

    def handle(self, *args: object, batch: int, recompute: bool, **options: object) -> None:
        if recompute:
            for spec in all_kinds():
                moved = recompute_open_cases(spec.code)
                self.stdout.write(f"{spec.code}: next reminder recomputed for {moved} open cases")
        run = sweep_reminders(batch_size=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.cases_claimed} cases claimed, {run.notifications_written} notifications and "
                f"{run.escalations_written} escalations written in {run.duration.total_seconds():.3f} s"
            )
        )
