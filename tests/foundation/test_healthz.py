"""``/healthz``, the page a load balancer asks before sending traffic to a web process."""

import time

import pytest

from jinzhou.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_broker(monkeypatch, settings):
    """Point the health check at a broker, the way a deployment would by environment.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own configuration, and its
    configuration is loaded once from Django's settings; so the variable, the loaded configuration and
    the setting all move together. Otherwise CI, which exports the variable, would keep checking its Redis.
    """

    def use(url: str, transport_options: dict | None = None) -> None:
        monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        monkeypatch.setattr(app.conf, "broker_url", url)
        monkeypatch.setattr(app.conf, "broker_transport_options", transport_options or {})
        settings.CELERY_BROKER_URL = url

    return use


def healthz(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response, response.json()


def test_healthy_with_the_embedded_filesystem_broker(client, use_broker, tmp_path):
    folders = {name: tmp_path / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir()
    use_broker(
        "filesystem://",
        {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
        },
    )

    response, body = healthz(client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["broker"]["transport"] == "filesystem"


@pytest.mark.redis
def test_healthy_with_redis(client, use_broker, redis_url, db_vendor):
    use_broker(redis_url)

    response, body = healthz(client)

    assert response.status_code == 200, body
    assert body["checks"]["database"]["vendor"] == db_vendor
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["broker"]["transport"] == "redis"


def test_unreachable_broker_is_503_naming_the_check(client, use_broker):
    use_broker("redis://127.0.0.1:1/0")  # port 1: nothing listens, the connection is refused at once

    started = time.monotonic()
    response, body = healthz(client)
    elapsed = time.monotonic() - started

    assert response.status_code == 503, body
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is True
    broker = body["checks"]["broker"]
    assert broker["ok"] is False
    assert broker["transport"] == "redis"
    assert "127.0.0.1:1" in broker["error"]
    # A probe that waits for retries ties up a web worker and outlasts the balancer's own timeout;
    # the balancer retries by itself, so one refused attempt must answer at once.
    assert elapsed < 1.5


def test_post_is_405(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_a_process_that_found_the_broker_down_says_it_leaves_it_alone(client, broker):
    from jinzhou import queueing

    broker.down()
    assert queueing.enqueue("jinzhou.webhooks.tasks.fan_out", args=[0]) is False  # a request queued work

    response, body = healthz(client)

    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    # This process skips the broker for a while; the sweeps send the work once it is back.
    assert body["checks"]["broker"]["queueing"] == "paused"
    assert 0 < body["checks"]["broker"]["resumes_in_s"] <= 30
