"""``manage.py open_chain_reports``: open the chains' figure reports of the period just ended (what beat
runs daily). Safe to run at any time, and twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chains.services import open_period_reports


class Command(BaseCommand):
    help = "Open each chain's operation report (产业链运行监测) for the month or quarter that has ended. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="count periods as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: object, today: str | None, **options: object) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: {today!r} is not a date (YYYY-MM-DD)") from None
        opened = open_period_reports(today=day)
        for report in opened:
            self.stdout.write(f"{report.reference} {report.title} due {report.due_at:%Y-%m-%d}")
        self.stdout.write(self.style.SUCCESS(f"{len(opened)} reports opened"))
