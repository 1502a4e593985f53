"""``/healthz``: tells a load balancer or an operator whether the database and the broker answer."""

import time

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jinzhou import queueing


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a report, never a crash of the health check
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "ok": True,
        "vendor": connections["default"].vendor,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }


def _check_broker() -> dict:
    from jinzhou.celery import app

    started = time.monotonic()
    transport = settings.CELERY_BROKER_URL.split("://", 1)[0]
    # Whether this process is skipping the broker after a failure (jinzhou/queueing.py): its
    # requests then leave follow-up work to the periodic sweeps.
    queueing_state = queueing.state()
    try:
        with app.connection_for_write() as conn:
            # One attempt: a retry would first sleep two seconds, holding a web worker; the load
            # balancer repeats its probe on its own. The socket timeouts are the settings' short ones.
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception as exc:
        return {"ok": False, "transport": transport, "error": f"{type(exc).__name__}: {exc}", **queueing_state}
    ms = round((time.monotonic() - started) * 1000, 1)
    return {"ok": True, "transport": transport, "ms": ms, **queueing_state}


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
