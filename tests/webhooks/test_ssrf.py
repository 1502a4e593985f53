"""Webhook URLs cannot reach inside (security review, issue 13): no loopback, link-local (cloud
metadata), private, multicast, reserved or unspecified address and no user info, refused when the
subscription is saved and again when a delivery is sent, after resolving the name; intranet
partners are let in only by ``WEBHOOK_ALLOWED_NETWORKS``. Nothing here connects anywhere but to
the local receiver on 127.0.0.1: forbidden addresses are only resolved (tests/dns.py), never dialled.
"""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzhou.casework import services as casework
from jinzhou.webhooks import services
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import Subscription, WebhookDelivery
from tests.world import Bottleneck, case_in_state

FORBIDDEN_URLS = [
    "http://127.0.0.1:8000/admin/",
    "http://localhost.partner.test/",  # a name that resolves to loopback
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",  # resolves to 169.254.169.254
    "http://10.0.0.5:6379/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # shared address space (carrier NAT)
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fd00::5]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4 loopback inside IPv6
    "http://0.0.0.0:8000/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "https://partner:secret@hooks.partner.test/",  # user info, on a public address
]


@pytest.fixture
def dns(fake_dns):
    fake_dns.set("hooks.partner.test", "93.184.216.34")  # public
    fake_dns.set("localhost.partner.test", "127.0.0.1")
    fake_dns.set("metadata.google.internal", "169.254.169.254")
    return fake_dns


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("webhook-root", password="pw-for-tests-only")


def subscription_form(world, url: str) -> dict:
    return {"name": "省级平台", "owner": world.enterprise.pk, "url": url, "event_types": ["case.commented"]}


@pytest.mark.django_db
@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_the_admin_refuses_a_url_that_reaches_inside_or_carries_credentials(
    world, client, dns, settings, url, superuser
):
    settings.WEBHOOK_ALLOWED_NETWORKS = []  # the default
    client.force_login(superuser)

    page = client.post(reverse("admin:webhooks_subscription_add"), subscription_form(world, url))

    assert page.status_code == 200, "saved"
    errors = page.context["adminform"].form.errors
    assert "url" in errors, errors
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_the_admin_saves_a_public_partner_and_says_why_it_refuses_an_internal_one(
    world, client, dns, settings, superuser
):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    client.force_login(superuser)
    add = reverse("admin:webhooks_subscription_add")

    refused = client.post(add, subscription_form(world, "http://10.0.0.5:6379/"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "内网" in refused.text and "WEBHOOK_ALLOWED_NETWORKS" in refused.text
    assert client.post(add, subscription_form(world, "https://hooks.partner.test/jinzhou")).status_code == 302
    assert Subscription.objects.get().url == "https://hooks.partner.test/jinzhou"


@pytest.mark.django_db
def test_the_operator_allows_intranet_partners_by_network_or_by_host(world, fake_dns, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16", "192.168.8.7", "partner.gov.internal"]
    fake_dns.set("partner.gov.internal", "10.99.0.1")
    fake_dns.set("other.gov.internal", "10.99.0.2")

    def check(url: str) -> None:
        Subscription(owner=world.enterprise, name="内网伙伴", url=url, event_types=["case.commented"]).full_clean()

    for allowed in ("http://10.20.1.5/hooks", "http://192.168.8.7:8080/", "https://partner.gov.internal/hooks"):
        check(allowed)
    for refused in ("http://10.21.0.1/", "http://192.168.8.8/", "https://other.gov.internal/", "http://127.0.0.1/"):
        with pytest.raises(ValidationError) as error:
            check(refused)
        assert "url" in error.value.message_dict, refused


def subscription_to(world, receiver, url: str, *, checked: bool = False) -> Subscription:
    """A subscription posting to ``url`` (whose path ``/citic`` the receiver serves), saved through
    the model's check when ``checked``, else directly (an older row, a script): the rule must hold
    when sending either way."""
    subscription = Subscription(owner=world.enterprise, name="伙伴", url=url, event_types=["case.commented"])
    if checked:
        subscription.full_clean()
    subscription.save()
    receiver.listen("citic", subscription.secret)
    return subscription


def _comment_and_deliver(world, subscription) -> WebhookDelivery:
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="内网探测")
    [delivery_id] = services.fan_out(case.events.get(kind="comment").pk)
    services.deliver(delivery_id)
    return WebhookDelivery.objects.get(pk=delivery_id)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "2130706433", "127.1", "[::ffff:127.0.0.1]"],  # all reach the receiver on 127.0.0.1
)
def test_a_delivery_to_an_internal_address_is_not_sent(world, receiver, settings, host):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    port = receiver.base_url.rsplit(":", 1)[1]
    subscription = subscription_to(world, receiver, f"http://{host}:{port}/citic")

    delivery = _comment_and_deliver(world, subscription)

    assert receiver.received == []
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code is None
    assert "not a public address: not sent" in delivery.attempt_log.get().error


@pytest.mark.django_db
def test_a_delivery_with_user_info_is_not_sent(world, receiver):
    # 127.0.0.0/8 is allowed in this folder (conftest.py): only the user info is wrong.
    subscription = subscription_to(world, receiver, receiver.url("citic").replace("http://", "http://partner:secret@"))

    delivery = _comment_and_deliver(world, subscription)

    assert receiver.received == []
    assert "user info" in delivery.attempt_log.get().error


@pytest.mark.django_db
def test_a_name_that_points_inside_by_the_time_of_sending_is_refused(world, receiver, fake_dns, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    port = receiver.base_url.rsplit(":", 1)[1]
    # Public when the office saves it, loopback afterwards (DNS rebinding).
    fake_dns.set("rebind.partner.test", "93.184.216.34", "127.0.0.1")
    subscription = subscription_to(world, receiver, f"http://rebind.partner.test:{port}/citic", checked=True)

    delivery = _comment_and_deliver(world, subscription)

    assert receiver.received == []
    assert "rebind.partner.test is 127.0.0.1" in delivery.attempt_log.get().error


@pytest.mark.django_db
def test_the_connection_goes_to_the_address_that_was_checked(world, receiver, fake_dns, settings):
    # Only 127.0.0.1 is allowed; the name answers 127.0.0.1 once, then 127.0.0.2 (forbidden, and
    # nothing listens there). Checking one answer and connecting by a second lookup would miss it.
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1"]
    port = receiver.base_url.rsplit(":", 1)[1]
    subscription = subscription_to(world, receiver, f"http://pinned.partner.test:{port}/citic")
    fake_dns.set("pinned.partner.test", "127.0.0.1", "127.0.0.2")

    delivery = _comment_and_deliver(world, subscription)

    assert delivery.status == DeliveryStatus.DELIVERED
    assert receiver.types("citic") == ["case.commented"]
    assert fake_dns.lookups == ["pinned.partner.test"]


@pytest.mark.django_db
def test_a_partners_answer_is_kept_short_and_shown_to_superusers_only(world, receiver, client, superuser):
    subscription = subscription_to(world, receiver, receiver.url("citic"))
    receiver.fail_next, receiver.failure_text = 1, "internal-page " * 80

    delivery = _comment_and_deliver(world, subscription)

    kept = delivery.attempt_log.get().response
    assert 0 < len(kept) <= 200 and "internal-page" in kept
    page = reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
    client.force_login(world.office)
    assert client.get(page).status_code == 403  # deliveries are the system administrators' section
    client.force_login(superuser)
    assert "internal-page" in client.get(page).text
