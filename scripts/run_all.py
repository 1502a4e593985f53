#!/usr/bin/env python
"""Run the whole system on one machine: the web server, a Celery worker and Celery beat.

Used by `make run`. Ctrl-C stops all three. In production each runs as its own service
(see docs/operations.md); this script is the embedded, single-machine default. It runs without debug
pages unless DJANGO_DEBUG=1; runserver then serves no static files, WhiteNoise does (from the apps'
folders, WHITENOISE_USE_FINDERS), so no collectstatic is needed.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()

    celery = [str(BIN / "celery"), "-A", "jinzhou"]
    commands = {
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2", "-Q", "celery,reminders,delivery"],
        "beat": [*celery, "beat", "--loglevel=INFO"],
        "web": [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}", "--noreload"],
    }
    processes = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in commands.items()}  # noqa: S603

    url = f"http://{args.host}:{args.port}/"
    print(
        f"\n锦州产业链工作平台 / Jinzhou Chain Works is running at {url}\n"
        f"  admin: {url}admin/    health: {url}healthz\n"
        "  demo accounts: office, leader, taskforce, chainlead, enterprise "
        f"(password: {os.environ.get('DEMO_PASSWORD', 'jinzhou-demo')})\n"
        "  press Ctrl-C to stop the web server, the worker and beat\n",
        flush=True,
    )

    def stop(*_):
        for proc in processes.values():
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(proc.poll() is None for proc in processes.values()):
            time.sleep(0.5)
    finally:
        stop()
        deadline = time.monotonic() + 10
        for proc in processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
    failed = {name: proc.returncode for name, proc in processes.items() if proc.returncode not in (0, -15, None)}
    for name, code in failed.items():
        print(f"{name} exited with status {code}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
