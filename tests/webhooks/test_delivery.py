"""Delivering to a partner: signed requests its receiver verifies, retries with backoff, giving up,
the delivery log and redelivery from the admin. The clock is faked only by moving ``next_attempt_at``
(the services rightly use the real time for the signature's timestamp)."""

import datetime as dt
import socket
import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework import services as casework
from jinzhou.webhooks import services
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import Subscription, WebhookDelivery
from jinzhou.webhooks.signing import sign
from tests.webhooks.support import subscribe
from tests.world import Bottleneck, case_in_state


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("webhook-admin", password="pw-for-tests-only")


@pytest.mark.django_db
def test_the_partner_verifies_each_delivery_and_rejects_a_replayed_or_stale_one(
    world, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        casework.add_comment(case, actor=world.chainlead, text="请提供检测报告")

    delivery = WebhookDelivery.objects.get()
    attempt = delivery.attempt_log.get()
    [item] = receiver.received
    assert (delivery.status, delivery.attempts, attempt.status_code) == (DeliveryStatus.DELIVERED, 1, 204)
    assert item.headers["webhook-id"] == delivery.message_id
    assert item.headers["webhook-timestamp"] == str(attempt.timestamp)
    assert item.headers["content-type"] == "application/json"
    assert item.body == delivery.body.encode()
    assert item.payload["data"]["event"]["note"] == "请提供检测报告"
    assert services.deliver(delivery.pk) is None  # delivered: nothing is sent twice

    # The captured request replayed as it is, within the tolerance: its id was already processed.
    assert receiver.resend(item) == 409
    # Signed correctly but ten minutes old: stale.
    old = int(time.time()) - 600
    stale = {"webhook-id": "msg_stale", "webhook-timestamp": str(old)}
    assert (
        receiver.resend(item, **stale, **{"webhook-signature": sign(subscription.secret, "msg_stale", old, item.body)})
        == 400
    )
    # The old signature under a new id (to dodge the replay check) does not match.
    assert receiver.resend(item, **{"webhook-id": "msg_forged"}) == 400
    assert len(receiver.received) == 1
    assert [status for status, _reason in receiver.rejected] == [409, 400, 400]


@pytest.mark.django_db
def test_a_failing_partner_gets_retries_with_backoff_then_a_redelivery_from_the_admin(
    world, receiver, settings, client, admin_user, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    subscribe(receiver, world.enterprise, "citic")
    receiver.fail_next = 3
    case = case_in_state(Bottleneck, "handling", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        casework.add_comment(case, actor=world.chainlead, text="对方系统故障期间的评论")

    delivery = WebhookDelivery.objects.get()
    first = delivery.attempt_log.get()
    assert (delivery.status, delivery.attempts, first.status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.next_attempt_at == first.attempted_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliver_due() == {"fanned_out": 0, "queued": 0}  # not due yet

    def time_passes():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            services.deliver_due()
        delivery.refresh_from_db()
        return delivery.attempt_log.last()

    second = time_passes()
    assert (second.number, second.status_code, delivery.status) == (2, 500, DeliveryStatus.PENDING)
    assert delivery.next_attempt_at == second.attempted_at + dt.timedelta(minutes=4)
    third = time_passes()
    assert (third.number, delivery.status, delivery.next_attempt_at) == (3, DeliveryStatus.FAILED, None)
    assert (delivery.last_status_code, receiver.received) == (500, [])

    # The delivery log in the admin: the list, then the message with each attempt and the partner's answer.
    client.force_login(admin_user)
    listing = client.get(reverse("admin:webhooks_webhookdelivery_changelist"), {"status": "failed"})
    assert delivery.message_id in listing.text and case.reference in listing.text
    page = client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert delivery.message_id in page.text and page.text.count("temporarily unavailable") == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:webhooks_webhookdelivery_changelist"),
            {"action": "redeliver", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    fourth = delivery.attempt_log.last()
    assert (delivery.status, fourth.number, fourth.status_code) == (DeliveryStatus.DELIVERED, 4, 204)
    assert fourth.requested_by == admin_user
    [item] = receiver.received  # the same message: same id, same bytes, a fresh timestamp and signature
    assert item.headers["webhook-id"] == delivery.message_id
    assert item.body == delivery.body.encode()
    assert int(item.headers["webhook-timestamp"]) == fourth.timestamp


@pytest.mark.django_db
def test_an_unreachable_endpoint_is_logged_and_retried(world, django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Subscription.objects.create(
        owner=world.enterprise, name="down", url=f"http://127.0.0.1:{port}/hooks", event_types=["case.commented"]
    )
    case = case_in_state(Bottleneck, "handling", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        casework.add_comment(case, actor=world.chainlead, text="对方服务器未启动")

    delivery = WebhookDelivery.objects.get()
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and "refused" in attempt.error.lower()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at == attempt.attempted_at + dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_subscription_paused_before_delivery_receives_nothing(world, receiver):
    subscription = subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="暂停之前")
    [delivery_id] = services.fan_out(case.events.get(kind="comment").pk)
    Subscription.objects.filter(pk=subscription.pk).update(is_active=False)

    attempt = services.deliver(delivery_id)

    assert attempt.status_code is None and receiver.received == []
    assert WebhookDelivery.objects.get(pk=delivery_id).status == DeliveryStatus.FAILED


@pytest.mark.django_db
def test_the_admin_creates_a_subscription_and_shows_its_secret(world, client, admin_user):
    client.force_login(admin_user)
    add_url = reverse("admin:webhooks_subscription_add")
    form = {
        "name": "省级产业链平台",
        "owner": world.enterprise.pk,
        "url": "ftp://partner.example/hooks",
        "event_types": ["case.created", "case.transitioned"],
        "is_active": "on",
    }

    refused = client.post(add_url, form)
    assert refused.status_code == 200 and "url" in refused.context["adminform"].form.errors
    assert client.post(add_url, {**form, "url": "https://partner.example/hooks"}).status_code == 302

    subscription = Subscription.objects.get()
    assert subscription.secret.startswith("whsec_") and subscription.created_by == admin_user
    assert subscription.event_types == ["case.created", "case.transitioned"]
    page = client.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert subscription.secret in page.text
    listing = client.get(reverse("admin:webhooks_subscription_changelist"))
    assert "省级产业链平台" in listing.text and subscription.secret not in listing.text
