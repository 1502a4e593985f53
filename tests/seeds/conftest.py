from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The demo users hash a password on every seed; the production hasher would make each test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_commands(settings):
    # Management commands speak LANGUAGE_CODE (Chinese by default); these tests read their English text.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def run_seed():
    """Run ``seed_jinzhou`` with the given options and return what it printed."""

    def run(*args: str) -> str:
        out = StringIO()
        call_command("seed_jinzhou", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def seeded(db, run_seed) -> str:
    return run_seed()
