"""The receiver docs/api.md gives partners works: its code, run as written, accepts our deliveries
and turns away forged and stale ones."""

import re
import threading
import urllib.error
import urllib.request
from http.server import HTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from jinzhou.casework import services as casework
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import Subscription, WebhookDelivery
from tests.world import Bottleneck, case_in_state


def documented_receiver() -> dict:
    """Run the "Webhooks" section's Python blocks, all but the line that would serve forever."""
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    section = text[text.index("## Webhooks") :]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    code = "\n".join(blocks)
    code = "\n".join(line for line in code.splitlines() if not line.startswith("HTTPServer("))
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace


@pytest.fixture
def partner():
    namespace = documented_receiver()
    server = HTTPServer(("127.0.0.1", 0), namespace["WebhookReceiver"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield namespace, f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.django_db
def test_the_documented_receiver_verifies_our_deliveries(world, partner, django_capture_on_commit_callbacks):
    namespace, url = partner
    subscription = Subscription.objects.create(
        owner=world.enterprise, name="docs", url=url, event_types=["case.commented"]
    )
    namespace["SECRET"] = subscription.secret
    case = case_in_state(Bottleneck, "handling", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        casework.add_comment(case, actor=world.chainlead, text="按文档接收")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 204)
    assert namespace["processed_ids"] == {delivery.message_id}

    headers = {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(delivery.attempt_log.get().timestamp),
        "webhook-signature": "v1,bm90IG91ciBzaWduYXR1cmU=",
    }
    forged = urllib.request.Request(url, data=delivery.body.encode(), headers=headers, method="POST")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=5)  # noqa: S310 (a local test server)
    assert refused.value.code == 400
    with pytest.raises(namespace["InvalidWebhook"], match="stale"):
        namespace["verify_webhook"]({**headers, "webhook-timestamp": "1614265330"}, delivery.body.encode())
