"""``python manage.py circular --period 2026-11 --output FILE.docx`` (or ``.xlsx``): issue the circular.

The circular is issued as from the admin: the next document number, its figures and both files kept
(the admin's list of circulars shows it), counting every case (the office's view). The format of the
file follows its extension. A bad period, an unknown extension or a missing folder is a clear error
and nothing is issued or written; the file is written whole or not at all (a temporary file renamed)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from circulars.services import generate_circular
from jinzhou.atomic_files import write_atomically
from jinzhou.casework.periods import parse_period

FORMATS = ("docx", "xlsx")


class Command(BaseCommand):
    help = "Issue the circular (通报) of a period and write it as .docx or .xlsx."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="2026-11, 2026-Q4, 2026 or 2026-10-01..2026-11-30.")
        parser.add_argument("--output", required=True, help="The file to write: .docx or .xlsx.")
        parser.add_argument("--addressees", default="", help="主送 (default: the chain units, departments, counties).")

    def handle(self, *args, period: str, output: str, addressees: str = "", **options) -> None:
        path = Path(output)
        extension = path.suffix.lower().lstrip(".")
        if extension not in FORMATS:
            raise CommandError(f"Unknown format {path.suffix or '(none)'!r}: the output must end in .docx or .xlsx.")
        try:
            parsed = parse_period(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if parsed is None:
            raise CommandError("Give a period, e.g. --period 2026-11.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {str(path.parent)!r} does not exist.")
        circular = generate_circular(None, parsed, addressees=addressees)
        content = bytes(circular.docx if extension == "docx" else circular.xlsx)
        write_atomically(path, content)
        self.stdout.write(f"{circular.number} {circular.title}: {path}")
