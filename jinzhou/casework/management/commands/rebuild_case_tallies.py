"""Recount the dashboards' kept tallies (``CaseTally``) from the cases: one statement, a few seconds
for a million cases. The trigger keeps them on every write; this is for a repair or after a bulk load
with the trigger switched off (docs/metrics.md, "Kept tallies")."""

from django.core.management.base import BaseCommand

from jinzhou.casework.tallies import rebuild_tallies, tallies_kept


class Command(BaseCommand):
    help = "Recount the dashboards' tallies of closed cases from the cases (PostgreSQL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--remake-trigger",
            action="store_true",
            help="also drop and make again the trigger that keeps them (after changing TIME_ZONE)",
        )

    def handle(self, *args, **options) -> None:
        if not tallies_kept():
            self.stdout.write("This database keeps no tallies (PostgreSQL only): nothing to do.")
            return
        rebuild_tallies(remake_trigger=options["remake_trigger"])
        self.stdout.write("Tallies recounted.")
