"""Which case events reach which partner: event types, the owner's scope, exactly once, and the cost
of a fan-out. Deliveries go over HTTP to the local receiver (conftest.py), which verifies each."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.services import report_bottleneck
from jinzhou.casework import services as casework
from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.webhooks import services
from jinzhou.webhooks.choices import DeliveryStatus, EventType
from jinzhou.webhooks.models import Subscription, WebhookDelivery
from tests.webhooks.support import subscribe
from tests.world import Bottleneck, case_in_state


@pytest.mark.django_db
def test_each_event_reaches_exactly_the_subscriptions_that_want_it_and_may_see_the_case(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver, world.enterprise, "citic")  # 中信钛业 reported the case: sees it
    subscribe(receiver, world.enterprise, "citic-comments", [EventType.CASE_COMMENTED])
    subscribe(receiver, world.chainlead, "miit-escalations", [EventType.CASE_ESCALATED])
    subscribe(receiver, world.outsider, "outsider")  # an unrelated enterprise: sees nothing
    subscribe(receiver, world.otherlead, "mofcom")  # leads the wind chain, not titanium
    subscribe(receiver, world.office, "paused", is_active=False)
    case = case_in_state(Bottleneck, "resolution_submitted", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        case = casework.transition(case, "send_back", actor=world.office, note="请补充验收材料")
    with django_capture_on_commit_callbacks(execute=True):
        casework.add_comment(case, actor=world.chainlead, text="已补充")
    with django_capture_on_commit_callbacks(execute=True):
        notice = casework.escalate(
            case,
            actor=world.office,
            level=EscalationLevel.YELLOW,
            target=EscalationTarget.DEPARTMENT_HEAD,
            reason="逾期未办",
        )
    with django_capture_on_commit_callbacks(execute=True):
        casework.acknowledge_escalation(notice, actor=world.chainlead)  # not a new escalation
        casework.update_case(case, actor=world.office, title="钛白粉氯化法原料供应")  # edits send nothing

    assert receiver.types("citic") == ["case.transitioned", "case.commented", "case.escalated"]
    assert receiver.types("citic-comments") == ["case.commented"]
    assert receiver.types("miit-escalations") == ["case.escalated"]
    assert receiver.types("outsider") == receiver.types("mofcom") == receiver.types("paused") == []
    assert receiver.rejected == []
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}

    transitioned = receiver.received[0].payload
    assert transitioned["type"] == "case.transitioned"
    assert transitioned["data"]["case"] == {
        "id": case.pk,
        "reference": case.reference,
        "kind": "bottleneck",
        "status": "handling",
        "title": case.title,
        "light": Case.objects.with_light().get(pk=case.pk).light,
        "due_at": case.due_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "chain": "MT-01",
    }
    event = transitioned["data"]["event"]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "send_back",
        "resolution_submitted",
        "handling",
    )
    assert (event["note"], event["actor"]) == ("请补充验收材料", "office")
    assert transitioned["id"] == f"evt_{event['id']}"


@pytest.mark.django_db
def test_a_new_case_reaches_the_partner_of_the_enterprise_that_reported_it(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver, world.enterprise, "citic", [EventType.CASE_CREATED])
    subscribe(receiver, world.outsider, "outsider", [EventType.CASE_CREATED])

    with django_capture_on_commit_callbacks(execute=True):
        case = report_bottleneck(actor=world.enterprise, title="进口钛精矿通关慢", chain=world.titanium)

    assert receiver.types("citic") == ["case.created"]
    assert receiver.types("outsider") == []
    created = receiver.received[0].payload["data"]
    assert (created["case"]["reference"], created["case"]["status"]) == (case.reference, "draft")
    assert created["event"]["to_status"] == "draft"


@pytest.mark.django_db
def test_an_overdue_event_is_sent_as_case_overdue(world, receiver, django_capture_on_commit_callbacks):
    subscribe(receiver, world.enterprise, "citic", [EventType.CASE_OVERDUE])
    case = case_in_state(Bottleneck, "handling", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        casework.record_event(case, kind="overdue", actor=None, summary="Overdue")

    assert receiver.types("citic") == ["case.overdue"]
    assert receiver.received[0].payload["data"]["event"]["actor"] is None


@pytest.mark.django_db
def test_fanning_out_the_same_event_twice_creates_no_second_delivery(world, receiver):
    subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="第一条")  # its on-commit fan-out never runs
    event = TimelineEvent.objects.get(case=case, kind="comment")

    first = services.fan_out(event.pk)
    assert services.fan_out(event.pk) == []
    assert len(first) == 1
    assert WebhookDelivery.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_a_subscription_made_after_an_event_does_not_receive_it(world, receiver):
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="订阅之前")
    event = TimelineEvent.objects.get(case=case, kind="comment")
    subscription = subscribe(receiver, world.enterprise, "citic")
    Subscription.objects.filter(pk=subscription.pk).update(created_at=event.at + dt.timedelta(seconds=1))

    assert services.fan_out(event.pk) == []


# Queries of one fan-out: already fanned out? (1), the event and its actor (1), the subscriptions and
# their owners (1), each distinct owner's org-chart facts (1), the case with its light and the
# owners' scope (1), then in a savepoint (2): the fan-out mark (1) and all deliveries (1).
FAN_OUT_QUERIES = 9


@pytest.mark.django_db
@pytest.mark.parametrize("subscriptions", [1, 10])
def test_fan_out_costs_the_same_queries_for_1_or_10_subscriptions(
    world, receiver, subscriptions, django_assert_num_queries
):
    for number in range(subscriptions):
        subscribe(receiver, world.enterprise, f"citic-{number}")
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="查询次数")
    event = TimelineEvent.objects.get(case=case, kind="comment")

    with django_assert_num_queries(FAN_OUT_QUERIES):
        created = services.fan_out(event.pk)
    assert len(created) == subscriptions


@pytest.mark.django_db
def test_a_broker_outage_neither_fails_the_request_nor_loses_the_event(
    world, receiver, broker, django_capture_on_commit_callbacks
):
    subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)

    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        comment = casework.add_comment(case, actor=world.chainlead, text="消息队列不可用时的评论")
    assert comment.pk and not WebhookDelivery.objects.exists()
    assert broker.connections == 1

    # The broker is back; the minute sweep, once the event is older than the normal path's head
    # start, fans it out.
    broker.inline()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver_due(now=timezone.now() + dt.timedelta(minutes=3))
    assert receiver.types("citic") == ["case.commented"]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliver_due(now=timezone.now() + dt.timedelta(minutes=4)) == {"fanned_out": 0, "queued": 0}
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_a_deactivated_partner_account_receives_nothing(world, receiver):
    subscribe(receiver, world.enterprise, "citic")
    subscribe(receiver, world.office, "office")
    world.enterprise.is_active = False  # the partner's account is switched off; its subscription is not
    world.enterprise.save()
    case = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(case, actor=world.chainlead, text="账户停用之后")

    [delivery_id] = services.fan_out(case.events.get(kind="comment").pk)

    assert WebhookDelivery.objects.get(pk=delivery_id).subscription.name == "office"
