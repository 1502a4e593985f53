"""The settings module as an operator meets it: ``manage.py`` started with nothing but environment variables.

Each test starts its own process, because settings are read once at import; an in-process override would
test Django's override machinery, not what a deployment sees. Every process gets its own ``JINZHOU_VAR_DIR``
so that the tests can run in parallel (``-n auto``) without sharing a SQLite file or a queue folder.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
MARKER = "SETTINGS_JSON="

# What the test run itself may have exported (CI exports DATABASE_URL and CELERY_BROKER_URL); Celery also
# reads CELERY_* variables on its own, so all of them go, and each test adds back only what it is about.
_STRIPPED_PREFIXES = ("DJANGO_", "CELERY_")
_STRIPPED_NAMES = {"DATABASE_URL", "JINZHOU_VAR_DIR"}


def manage(var_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_STRIPPED_PREFIXES) and name not in _STRIPPED_NAMES
    }
    clean.update(JINZHOU_VAR_DIR=str(var_dir), **env)
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shell_json(var_dir: Path, code: str, **env: str) -> dict:
    """Run ``code`` in ``manage.py shell``; it must print one line ``SETTINGS_JSON=<json>``."""
    result = manage(var_dir, "shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARKER)]
    assert lines, f"no {MARKER} line in:\n{result.stdout}\n{result.stderr}"
    return json.loads(lines[-1].removeprefix(MARKER))


def assert_refuses(result: subprocess.CompletedProcess, *needles: str) -> None:
    """A refusal is a non-zero exit whose last line says what to fix, not a crash somewhere later."""
    assert result.returncode != 0, result.stdout
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line, result.stderr
    for needle in needles:
        assert needle in last_line, result.stderr


def production_key() -> str:
    return secrets.token_urlsafe(48)  # 64 characters, as `check --deploy` wants (50+, varied)


def test_defaults_run_anywhere_sqlite_and_filesystem_broker_under_var(tmp_path):
    var = tmp_path / "var"
    found = shell_json(
        var,
        "import json\n"
        "from django.conf import settings as s\n"
        "from jinzhou.celery import app\n"
        "db = s.DATABASES['default']\n"
        f"print({MARKER!r} + json.dumps({{'debug': s.DEBUG, 'engine': db['ENGINE'], 'name': str(db['NAME']),"
        " 'broker': s.CELERY_BROKER_URL, 'celery_broker': app.conf.broker_url,"
        " 'options': s.CELERY_BROKER_TRANSPORT_OPTIONS}))",
    )

    # The embedded mode of `make run` is not debug mode: visitors get the production error pages.
    assert found["debug"] is False
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(var / "db.sqlite3")
    assert found["broker"] == found["celery_broker"] == "filesystem://"
    options = found["options"]
    assert options["data_folder_in"] == options["data_folder_out"] == str(var / "celery" / "queue")
    assert options["processed_folder"] == str(var / "celery" / "processed")
    assert options["control_folder"] == str(var / "celery" / "control")
    for folder in ("queue", "processed", "control"):
        assert (var / "celery" / folder).is_dir()


def test_database_url_switches_to_postgresql_and_connects(tmp_path, postgres_url):
    found = shell_json(
        tmp_path,
        "import json\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT version()')\n"
        "    version = cursor.fetchone()[0]\n"
        f"print({MARKER!r} + json.dumps({{'engine': connection.settings_dict['ENGINE'], 'version': version}}))",
        DATABASE_URL=postgres_url,
    )

    assert found["engine"] == "django.db.backends.postgresql"
    assert found["version"].startswith("PostgreSQL")


@pytest.mark.redis
def test_celery_broker_url_switches_to_redis_and_connects(tmp_path, redis_url):
    found = shell_json(
        tmp_path,
        "import json\n"
        "from django.conf import settings as s\n"
        "from jinzhou.celery import app\n"
        "with app.connection_for_write() as conn:\n"
        "    conn.ensure_connection(max_retries=0)\n"
        "    pong = conn.default_channel.client.ping()\n"
        "    driver = conn.transport.driver_type\n"
        f"print({MARKER!r} + json.dumps({{'broker': s.CELERY_BROKER_URL, 'driver': driver, 'pong': pong,"
        " 'options': getattr(s, 'CELERY_BROKER_TRANSPORT_OPTIONS', None)}))",
        CELERY_BROKER_URL=redis_url,
    )

    # Only the short socket timeouts a request's one queueing attempt needs (settings, issue 13).
    options = {"socket_connect_timeout": 1, "socket_timeout": 5}
    assert found == {"broker": redis_url, "driver": "redis", "pong": True, "options": options}
    # The queue folders belong to the embedded transport only; with Redis nothing is written under var/.
    assert not (tmp_path / "celery").exists()


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage(tmp_path, "check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="chains.example.org")
    assert_refuses(result, "DJANGO_SECRET_KEY")


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage(tmp_path, "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=production_key())
    assert_refuses(result, "DJANGO_ALLOWED_HOSTS")


def test_production_with_key_and_hosts_passes_check_deploy(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=production_key(),
        DJANGO_ALLOWED_HOSTS="chains.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_still_fails_on_a_deploy_warning(tmp_path):
    # Proves the previous test's exit 0 means something: the gate fails on Django's own deploy warnings.
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=production_key(),
        DJANGO_ALLOWED_HOSTS="chains.example.org",
        DJANGO_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("changeme", "fewer than 50"),
        ("ab" * 40, "different characters"),
        ("django-insecure-jinzhou-development-only-key-do-not-deploy", "well-known"),
        ("django-insecure-" + "x7Qp" * 20, "well-known"),
    ],
    ids=["short", "few-characters", "former-development-key", "django-insecure-prefix"],
)
def test_production_refuses_to_start_with_a_weak_or_known_key(tmp_path, key, reason):
    result = manage(
        tmp_path, "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="chains.example.org"
    )
    assert_refuses(result, "DJANGO_SECRET_KEY", reason)
    assert key not in result.stderr  # the refusal never prints the secret


KEY_AND_MODE = (
    "import json, os, stat\n"
    "from django.conf import settings as s\n"
    "path = s.VAR_DIR / 'secret_key'\n"
    "mode = stat.S_IMODE(os.stat(path).st_mode) if path.exists() else None\n"
    f"print({MARKER!r} + json.dumps({{'key': s.SECRET_KEY, 'mode': mode, 'debug': s.DEBUG,"
    " 'production': s.PRODUCTION, 'demo': s.DEMO_USERS_ALLOWED, 'finders': s.WHITENOISE_USE_FINDERS}))"
)


def test_make_run_generates_a_private_secret_once_and_reuses_it(tmp_path):
    first = shell_json(tmp_path, KEY_AND_MODE)
    second = shell_json(tmp_path, KEY_AND_MODE)

    assert first["key"] == second["key"]  # sessions survive a restart
    assert len(first["key"]) >= 50 and not first["key"].startswith("django-insecure")
    assert first["mode"] == 0o600
    assert (tmp_path / "secret_key").read_text().strip() == first["key"]
    # Another installation gets another key.
    assert shell_json(tmp_path / "other", KEY_AND_MODE)["key"] != first["key"]


def test_make_run_keeps_the_demo_accounts_and_serves_static_files_without_collectstatic(tmp_path):
    found = shell_json(tmp_path, KEY_AND_MODE)
    assert found == {**found, "debug": False, "production": False, "demo": True, "finders": True}


def test_debug_mode_only_when_asked_for(tmp_path):
    found = shell_json(tmp_path, KEY_AND_MODE, DJANGO_DEBUG="1")
    assert found == {**found, "debug": True, "production": False, "demo": True}


def test_production_refuses_demo_accounts(tmp_path):
    found = shell_json(
        tmp_path,
        KEY_AND_MODE,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=production_key(),
        DJANGO_ALLOWED_HOSTS="chains.example.org",
    )
    assert found == {**found, "debug": False, "production": True, "demo": False, "finders": False}
    assert found["mode"] is None  # production never writes a key file


NOT_FOUND_PAGE = (
    "import json\n"
    "from django.test import Client\n"
    "response = Client().get('/portal/no-such-page/')\n"
    f"print({MARKER!r} + json.dumps({{'status': response.status_code, 'html': response.content.decode()}}))"
)


def test_make_run_shows_the_friendly_chinese_404_page(tmp_path):
    found = shell_json(tmp_path, NOT_FOUND_PAGE)
    assert found["status"] == 404
    assert "页面不存在" in found["html"]
    assert "URLconf" not in found["html"]  # Django's debug page lists the URL patterns


def test_debug_mode_shows_djangos_debug_page(tmp_path):
    found = shell_json(tmp_path, NOT_FOUND_PAGE, DJANGO_DEBUG="1")
    assert found["status"] == 404
    assert "URLconf" in found["html"]


def test_malformed_boolean_is_a_clear_error(tmp_path):
    result = manage(tmp_path, "check", DJANGO_DEBUG="maybe")
    assert_refuses(result, "DJANGO_DEBUG", "'maybe'")
