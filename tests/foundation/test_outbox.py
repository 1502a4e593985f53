"""The one outbox (jinzhou/outbox.py) that notifications' and webhooks' deliveries share: a claim is
exclusive, each channel keeps its documented backoff, a redelivery makes a row due again, and the
delivery queue is named in one place."""

import ast
import datetime as dt
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone

from jinzhou import outbox
from jinzhou.notifications.models import Delivery, Notification

ROOT = Path(__file__).resolve().parents[2]


def _deliveries(count: int, *, due_at) -> list[int]:
    user = get_user_model().objects.create_user("outbox-reader")
    ids = []
    for number in range(count):
        notification = Notification.objects.create(recipient=user, step="t", dedupe_key=f"k{number}", title="t")
        ids.append(Delivery.objects.create(notification=notification, channel="email", next_attempt_at=due_at).pk)
    return ids


def _claimable():
    return Delivery.objects.filter(status__in=["pending", "sending"])


def test_each_channel_keeps_its_documented_backoff():
    minutes = [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    notifications, webhooks = outbox.policy("notifications"), outbox.policy("webhooks")
    assert [outbox.backoff(n, notifications) for n in (1, 2, 3, 4)] == minutes
    assert outbox.backoff(30, notifications) == dt.timedelta(hours=4)
    assert [outbox.backoff(n, webhooks) for n in (1, 2, 3, 4)] == [dt.timedelta(minutes=m) for m in (1, 4, 16, 64)]
    assert outbox.backoff(30, webhooks) == dt.timedelta(hours=12)
    assert (notifications.max_attempts, webhooks.max_attempts) == (8, 8)


def test_the_numbers_are_read_from_settings(settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    webhooks = outbox.policy("webhooks")
    assert webhooks.max_attempts == 3 and outbox.backoff(2, webhooks) == dt.timedelta(minutes=2)


@pytest.mark.django_db
def test_a_claimed_row_is_not_claimed_again_until_its_claim_expires():
    now = timezone.now()
    _deliveries(3, due_at=now - dt.timedelta(minutes=1))
    until = now + dt.timedelta(minutes=2)
    assert outbox.claim_due(_claimable(), 2, now=now, until=until) == 2
    assert outbox.claim_due(_claimable(), 2, now=now, until=until) == 1  # only the third is left
    assert outbox.claim_due(_claimable(), 2, now=now, until=until) == 0
    assert outbox.claim_due(_claimable(), 5, now=until, until=until + dt.timedelta(minutes=2)) == 3  # expired
    assert list(Delivery.objects.values_list("attempts", flat=True)) == [2, 2, 2]


@pytest.mark.django_db
def test_an_outcome_is_sent_retried_with_backoff_or_failed():
    now = timezone.now()
    first, second, third = _deliveries(3, due_at=now)
    rules = outbox.policy("notifications")
    row = Delivery.objects.filter
    outbox.record_outcome(row(pk=first), attempts=1, policy=rules, now=now, sent_status="sent")
    outbox.record_outcome(row(pk=second), attempts=3, policy=rules, now=now, error="refused")
    outbox.record_outcome(row(pk=third), attempts=8, policy=rules, now=now, error="refused")
    states = {d.pk: (d.status, d.next_attempt_at, d.last_error) for d in Delivery.objects.all()}
    assert states == {
        first: ("sent", None, ""),
        second: ("pending", now + dt.timedelta(minutes=4), "refused"),
        third: ("failed", None, "refused"),
    }


@pytest.mark.django_db
def test_a_redelivery_is_due_now_and_keeps_or_resets_the_attempts():
    now = timezone.now()
    kept, reset = _deliveries(2, due_at=None)
    Delivery.objects.update(status="failed", attempts=8)
    assert outbox.redeliver(Delivery.objects.filter(pk=kept), at=now) == 1
    assert outbox.redeliver(Delivery.objects.filter(pk=reset), at=now, fresh_attempts=True) == 1
    assert set(Delivery.objects.values_list("pk", "status", "attempts", "next_attempt_at")) == {
        (kept, "pending", 8, now),
        (reset, "pending", 0, now),
    }
    assert outbox.claim_due(_claimable(), 10, now=now, until=now + dt.timedelta(minutes=2)) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claimers_take_different_rows_without_waiting():
    now = timezone.now()
    _deliveries(10, due_at=now - dt.timedelta(minutes=1))
    first_holds, second_done = threading.Event(), threading.Event()
    claimed: dict[str, int] = {}
    errors: list[Exception] = []
    untils = {"first": now + dt.timedelta(minutes=2), "second": now + dt.timedelta(minutes=3)}

    def claimer(name: str) -> None:
        try:
            with transaction.atomic():
                claimed[name] = outbox.claim_due(_claimable(), 6, now=now, until=untils[name])
                if name == "first":
                    # Hold the claim's row locks while the second claimer runs.
                    first_holds.set()
                    claimed["second finished meanwhile"] = second_done.wait(timeout=10)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            if name == "second":
                second_done.set()
            connections.close_all()

    first = threading.Thread(target=claimer, args=("first",))
    first.start()
    assert first_holds.wait(timeout=10)
    second = threading.Thread(target=claimer, args=("second",))
    second.start()
    second.join(timeout=30)
    first.join(timeout=30)

    assert not errors, errors
    # The second did not wait for the first's rows: it took the four left, and no row twice.
    assert claimed == {"first": 6, "second": 4, "second finished meanwhile": True}
    by_claim = list(Delivery.objects.values_list("next_attempt_at", flat=True))
    assert sorted(by_claim) == [untils["first"]] * 6 + [untils["second"]] * 4
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def _is_translated(node: ast.Constant, parents: dict) -> bool:
    call = parents.get(node)
    return isinstance(call, ast.Call) and getattr(call.func, "id", "") in {"_", "gettext", "gettext_lazy"}


def test_the_delivery_queue_is_named_once():
    places = []
    for path in sorted((ROOT / "jinzhou").rglob("*.py")):
        # The beat schedules' data migrations are history; in models "delivery" is a field's name.
        if "migrations" in path.parts or "models" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        places += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value == "delivery" and not _is_translated(node, parents)
        ]
    assert places == ["jinzhou/settings.py:" + str(_line_of_delivery_queue())]


def _line_of_delivery_queue() -> int:
    lines = (ROOT / "jinzhou" / "settings.py").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith('DELIVERY_QUEUE = "delivery"'))
