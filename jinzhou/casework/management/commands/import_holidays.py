"""``manage.py import_holidays FILE.xlsx``: load the State Council's holiday notice for one year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jinzhou.casework.services.calendar import HolidayImportError, import_holidays


class Command(BaseCommand):
    help = (
        "Import a year's days off and make-up working days from an .xlsx (columns date, kind, name) "
        "and mark the year complete. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .xlsx file")
        parser.add_argument("--year", type=int, help="the year of the notice (default: the latest year in the file)")

    def handle(self, *args: object, file: Path, year: int | None, **options: object) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            with file.open("rb") as handle:
                result = import_holidays(handle, year=year)
        except HolidayImportError as exc:
            raise CommandError("nothing was imported:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.year}: {result.created} added, {result.updated} changed, {result.deleted} removed; "
                "year marked complete."
            )
        )
