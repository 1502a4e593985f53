import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.services import rebuild as rebuild_search_index
from seeds.loader import DEFAULT_FILE, seed
from seeds.validation import SeedDataError


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # argparse needs a real string, and a lazy one evaluated at import would miss the active language.
        return _(
            "Load Jinzhou's org chart and chain catalogue (7 industries, 25 sub-fields, 33 chains) from the seed "
            "file, matching rows by natural key. Safe to run again: unchanged rows are not written. The seed owns "
            "the fields its file gives and OVERWRITES admin edits of them; it never deletes rows, never removes "
            "links, and leaves fields the file omits or sets to null (credit codes, department heads) to the admins."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help=_("The seed file (default: %(default)s)."))
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help=_(
                "Also create one demo user per role (or reset their password and groups) with "
                "settings.DEMO_PASSWORD. Refused in production mode (DJANGO_DEBUG=0)."
            ),
        )

    def handle(self, *args, file: Path, demo_users: bool, **options) -> None:
        try:
            result = seed(file, demo_users=demo_users)
        except SeedDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(result.summary))
        # The search index covers what the seed wrote (its bulk paths send no signals).
        entries = sum(rebuild_search_index().values())
        self.stdout.write(_("Search index: %(n)s entries.") % {"n": entries})
        if result.demo_users:
            header = (_("Username"), _("Role"), _("Department / enterprise"), _("Password"))
            rows = [(row.username, row.role, row.organisation, row.password) for row in result.demo_users]
            self.stdout.write(format_table([header, *rows]))
        if result.demo_key and result.demo_key.key:
            self.stdout.write(
                _("Demo partner API key (scopes *:read,*:write; shown once, copy it now): %(key)s")
                % {"key": result.demo_key.key}
            )
        elif result.demo_key:
            self.stdout.write(
                _(
                    "The demo partner API key (prefix %(prefix)s) exists already and cannot be shown again; "
                    "revoke it in the admin and seed again, or run create_api_key, for a new one."
                )
                % {"prefix": result.demo_key.prefix}
            )


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal; len() would misalign the table.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
