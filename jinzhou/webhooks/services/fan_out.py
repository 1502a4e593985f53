"""Fanning a case event out to the subscriptions: one ``WebhookDelivery`` per subscription that
wants the event type and whose owner may see the case, with the body frozen."""

import datetime as dt
import json
from functools import partial

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from jinzhou.casework.events import iso_moment, timeline_event_data, webhook_event_kinds, webhook_event_type
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.webhooks.models import EventFanOut, Subscription, WebhookDelivery
from jinzhou.webhooks.services.delivery import queue_deliveries


def build_payload(event: TimelineEvent, case: Case, event_type: str) -> dict:
    """The JSON every subscription receives for ``event``; see docs/api.md, "Webhooks". Its
    ``data.event`` is the API's timeline event (one builder: ``casework.events.timeline_event_data``)."""
    return {
        "id": f"evt_{event.pk}",
        "type": event_type,
        "timestamp": iso_moment(event.at),
        "data": {
            "case": {
                "id": case.pk,
                "reference": case.reference,
                "kind": case.kind,
                "status": case.status,
                "title": case.title,
                "light": case.light,
                "due_at": iso_moment(case.due_at),
                "chain": case.chain.code if case.chain_id else None,
            },
            "event": timeline_event_data(event, moment=iso_moment),
        },
    }


def _case_as_seen_by(case_id: int, owners) -> Case | None:
    """The case with its light and, per owner, ``seen_by_<id>``: whether the owner may see it.
    One query whatever the number of owners; the rule is ``visible_to``, as everywhere."""
    seen = {f"seen_by_{owner.pk}": Exists(Case.objects.visible_to(owner).filter(pk=OuterRef("pk"))) for owner in owners}
    return Case.objects.with_light().select_related("chain").annotate(**seen).filter(pk=case_id).first()


def fan_out(event_id: int) -> list[int]:
    """Create the deliveries of one timeline event and queue them; returns the new delivery ids.

    Idempotent: an event is fanned out once (``EventFanOut``); a second call, or a race between
    the queued task and the sweep, creates nothing. Only subscriptions that existed when the event
    happened, are active, want its type, and whose owner may see the case receive it.
    """
    if EventFanOut.objects.filter(event_id=event_id).exists():
        return []
    event = TimelineEvent.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return []
    event_type = webhook_event_type(event)
    subscriptions: list[Subscription] = []
    if event_type is not None:
        candidates = Subscription.objects.filter(is_active=True, created_at__lte=event.at).select_related("owner")
        subscriptions = [sub for sub in candidates if sub.wants(event_type)]
    case = None
    if subscriptions:
        owners = {sub.owner_id: sub.owner for sub in subscriptions}
        case = _case_as_seen_by(event.case_id, owners.values())
        subscriptions = [sub for sub in subscriptions if case is not None and getattr(case, f"seen_by_{sub.owner_id}")]
    body = json.dumps(build_payload(event, case, event_type), cls=DjangoJSONEncoder, ensure_ascii=False) if case else ""
    now = timezone.now()
    try:
        with transaction.atomic():
            EventFanOut.objects.create(event_id=event.pk, deliveries=len(subscriptions))
            created = WebhookDelivery.objects.bulk_create(
                WebhookDelivery(subscription=sub, event=event, event_type=event_type, body=body, next_attempt_at=now)
                for sub in subscriptions
            )
    except IntegrityError:
        # Another fan-out of the same event committed first; it owns the deliveries.
        return []
    ids = [delivery.pk for delivery in created]
    if ids:
        transaction.on_commit(partial(queue_deliveries, ids))
    return ids


def lost_fan_outs(now: dt.datetime, *, limit: int) -> list[int]:
    """Timeline events that should have been fanned out by now but were not (broker down, crash)."""
    hours = settings.WEBHOOK_CATCH_UP_HOURS
    grace = dt.timedelta(minutes=2)  # the normal path's queued task gets a head start
    return list(
        TimelineEvent.objects.filter(
            kind__in=webhook_event_kinds(), at__gte=now - dt.timedelta(hours=hours), at__lte=now - grace
        )
        .exclude(Exists(EventFanOut.objects.filter(event_id=OuterRef("pk"))))
        .order_by("at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
