"""A live site for tests that need a real server: a fresh SQLite database under the test's tmp_path,
migrated and seeded by ``manage.py`` in a subprocess, served by gunicorn from the project directory
(so with ``gunicorn.conf.py``), and an API key of the office for it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py, arguments from this file)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def embedded_site(tmp_path: Path, *, demo_cases: int = 0, **settings: str) -> tuple[dict, str]:
    """(environment, office API key) of a new site on the embedded defaults, throttling lifted."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "JINZHOU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "1",
        "API_THROTTLE_RATE": "100000/min",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        **settings,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_jinzhou", "--demo-users")
    if demo_cases:
        manage(env, "seed_demo", "--cases", str(demo_cases), "--seed", "5")
    # The office makes a key for itself, as in the admin (the command line makes partner keys only).
    key = manage(env, "shell", "--no-imports", "-c", OFFICE_KEY)
    return env, key.strip().splitlines()[-1]


OFFICE_KEY = (
    "from django.contrib.auth.models import User\n"
    "from jinzhou.org.services import issue_api_key\n"
    "office = User.objects.get(username='office')\n"
    "print(issue_api_key(actor=office, name='live test', user=office, scopes='*:read,*:write')[1])\n"
)


def start_gunicorn(env: dict, port: int, *options: str, log=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (gunicorn from the venv, arguments from the tests)
        [sys.executable, "-m", "gunicorn", "jinzhou.wsgi", "-b", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited; see its log"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not start within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
