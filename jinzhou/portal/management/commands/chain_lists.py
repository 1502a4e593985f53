"""``python manage.py chain_lists --chain MT-01 --output FILE.xlsx`` (or ``.docx``): a chain's 一链一清单.

The format follows the file's extension. An unknown chain, an unknown extension or an unknown user is
a clear error and nothing is written; a file is written whole or not at all (a temporary file renamed)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jinzhou.atomic_files import write_atomically
from jinzhou.org.models import Chain
from jinzhou.portal import chain_documents
from jinzhou.portal.chain_lists import chain_lists


class Command(BaseCommand):
    help = "Write a chain's lists (问题清单, 任务清单, 责任清单, 项目清单) as .xlsx or .docx."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chain", required=True, help="The chain's code, e.g. MT-01.")
        parser.add_argument("--output", required=True, help="The file to write: .xlsx or .docx.")
        parser.add_argument(
            "--as-user", dest="username", default="",
            help="List only the cases this user may see (default: every case).",
        )  # fmt: skip

    def handle(self, *args, chain: str, output: str, username: str = "", **options) -> None:
        path = Path(output)
        extension = path.suffix.lower().lstrip(".")
        if extension not in chain_documents.FORMATS:
            raise CommandError(f"Unknown format {path.suffix or '(none)'!r}: the output must end in .xlsx or .docx.")
        found = Chain.objects.filter(code__iexact=chain.strip()).first()
        if found is None:
            raise CommandError(f"No chain with the code {chain!r} (see the chain catalogue, e.g. MT-01).")
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {str(path.parent)!r} does not exist.")
        content = chain_documents.render(chain_lists(user, found), extension)
        write_atomically(path, content)
        self.stdout.write(f"{found.code} {found.name}: {path}")
