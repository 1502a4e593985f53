"""The whole path with real services: a comment committed in this process, the fan-out and the
delivery run by a ``celery worker`` process through Redis, the partner's receiver verifying the
request. Every wait is a poll with a deadline."""

import pytest

from jinzhou.casework import services as casework
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import WebhookDelivery
from tests.integration.conftest import broker_url, real_celery, wait_for, worker  # noqa: F401 (fixtures)
from tests.webhooks.support import subscribe
from tests.world import Bottleneck, case_in_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_real_worker_sends_a_committed_event_to_the_partner(world, receiver, worker):  # noqa: F811
    subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)
    worker.start()

    casework.add_comment(case, actor=world.chainlead, text="经由 Redis 和 Celery 工作进程送达")

    wait_for(lambda: receiver.received, what="the partner's receiver to get the webhook")
    wait_for(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(),
        what="the delivery to be logged as delivered",
    )
    assert receiver.types("citic") == ["case.commented"]
    assert receiver.rejected == []
    assert receiver.received[0].headers["webhook-id"] == WebhookDelivery.objects.get().message_id
