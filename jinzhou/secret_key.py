"""The secret key: checked in production, generated once into ``var/`` everywhere else.

Sessions, CSRF tokens and password-reset links are signed with it, so a key anyone can know (a short
one, a placeholder, the development key this project once shipped) lets anyone forge them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# The fixed key that debug mode used before keys were generated; it is public, so never acceptable.
FORMER_DEVELOPMENT_KEY = "django-insecure-jinzhou-development-only-key-do-not-deploy"
MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 5
KEY_FILE_NAME = "secret_key"


def weakness(key: str) -> str | None:
    """Why ``key`` must not sign a production site, or None. Django's own deploy check (security.W009)
    uses the same limits; here they stop the process instead of printing a warning."""
    if key == FORMER_DEVELOPMENT_KEY or key.startswith("django-insecure"):
        return "it is a well-known development key"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return f"it has fewer than {MIN_DISTINCT_CHARACTERS} different characters"
    return None


def production_key(value: str) -> str:
    """The production key from ``DJANGO_SECRET_KEY``, or ImproperlyConfigured naming what is wrong."""
    value = value.strip()
    how = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    if not value:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY must be set: production mode (DJANGO_DEBUG=0) needs a long random secret key; {how}."
        )
    problem = weakness(value)
    if problem:
        raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is refused in production mode: {problem}; {how}.")
    return value


def local_key(var_dir: Path) -> str:
    """The key of a single-machine installation: generated on the first start into ``var_dir/secret_key``
    (readable by its owner only) and read from there afterwards, so logins survive a restart.

    Concurrent first starts (web, worker and beat of ``make run``; parallel test processes) must agree on
    one key: each writes its candidate to a private temporary file and links it into place, which fails
    for all but the first, and then everyone reads the file that won.
    """
    path = var_dir / KEY_FILE_NAME
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        candidate = var_dir / f".{KEY_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50) + "\n")
            with contextlib.suppress(FileExistsError):  # another process was first: use its key
                os.link(candidate, path)
        finally:
            candidate.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        # Copied around with default permissions: nobody but the owner should read it.
        path.chmod(0o600)
    key = path.read_text().strip()
    if weakness(key):
        raise ImproperlyConfigured(f"{path} holds a weak secret key; delete the file and a new one is generated.")
    return key
