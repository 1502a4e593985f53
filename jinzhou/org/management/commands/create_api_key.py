"""``create_api_key --name NAME --scopes SCOPES [--user USERNAME] [--expires-in-days N]``.

Prints the new key alone on its last line, so that scripts can take it with ``tail -n 1``. The owner
is a partner-system account (``org.services.check_api_key_owner``): a key acts as its owner, and no
person is at hand on the command line to make one for themselves.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.org.services import issue_api_key, partner_service_account


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Create an API key for a partner system and print it once (the last line of the output). "
            "The key acts as its owner, narrowed to its scopes: a partner-system account (--user, an account in "
            "the Partner system role and no other; default: the account “partner”, created if missing)."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help=_("Which partner system uses the key."))
        parser.add_argument(
            "--scopes",
            required=True,
            help=_("Comma-separated resource:read / resource:write; * is every resource, e.g. '*:read,*:write'."),
        )
        parser.add_argument(
            "--user", help=_("Username of the key's owner, a partner-system account (default: partner).")
        )
        parser.add_argument("--expires-in-days", type=int, help=_("Days until the key expires (default: never)."))

    def handle(self, *args, name: str, scopes: str, user: str | None, expires_in_days: int | None, **options):
        if user:
            try:
                owner = get_user_model().objects.get(username=user, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(_("No active user named “%(user)s”.") % {"user": user}) from None
        else:
            owner = partner_service_account()
        expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
        try:
            key, raw = issue_api_key(actor=None, name=name, user=owner, scopes=scopes, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            _("Created API key “%(name)s” (prefix %(prefix)s) for %(user)s with scopes %(scopes)s. It is shown once:")
            % {"name": key.name, "prefix": key.prefix, "user": owner.username, "scopes": key.scopes}
        )
        self.stdout.write(raw)
