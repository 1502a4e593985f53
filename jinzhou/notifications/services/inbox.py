"""Creating notifications and reading them: ``notify``, ``mark_read``, ``mark_all_read``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jinzhou.notifications.choices import Channel, Level
from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.services.delivery import deliverable_at, queue_delivery


def dedupe_key(case_id: int | None, step: str, deadline: dt.datetime | None) -> str:
    """The per-recipient identity of a notification: the same (case, step, deadline) is sent once."""
    when = deadline.astimezone(dt.UTC).isoformat() if deadline else "-"
    return f"{case_id or '-'}|{step}|{when}"


def _as_deadline(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    # A digest's "deadline" is its day; it is stored as the start of that local day.
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _user_ids(recipients: Iterable) -> list[int]:
    seen: dict[int, None] = {}
    for recipient in recipients:
        pk = getattr(recipient, "pk", recipient)
        if pk is not None:
            seen.setdefault(int(pk), None)
    return list(seen)


@dataclass(frozen=True)
class NotificationRequest:
    """One ``notify()`` call's arguments, for ``notify_many``."""

    recipients: Sequence
    step: str
    title: str
    body: str = ""
    case: object = None
    deadline: dt.date | dt.datetime | None = None
    level: str = Level.INFO
    url: str = ""
    # A ``choices.Category``: recipients who muted it get no e-mail (the in-app row all the same).
    # Empty for what must always reach the inbox and the mailbox (reminders, supervision notices).
    category: str = ""


def notify(
    recipients,
    *,
    case=None,
    step: str,
    deadline: dt.date | dt.datetime | None = None,
    title: str,
    body: str,
    level: str = Level.INFO,
    url: str = "",
) -> list[Notification]:
    """Write one in-app notification per recipient and plan its external deliveries.

    Idempotent on (recipient, case, step, deadline): a recipient who already has it gets nothing
    new, so a second or concurrent call returns ``[]``. ``recipients`` are users or user ids;
    repeats and inactive users are dropped. Call it inside the caller's transaction: delivery of
    the new notifications is queued with ``transaction.on_commit``, in batches, and never runs
    while the caller's rows are uncommitted. A constant number of queries whatever the number of
    recipients.
    """
    request = NotificationRequest(
        recipients=recipients,
        case=case,
        step=step,
        deadline=deadline,
        title=title,
        body=body,
        level=level,
        url=url,
    )
    return notify_many([request])


def notify_many(requests: Iterable[NotificationRequest]) -> list[Notification]:
    """``notify()`` for many notifications at once, in the same five queries as one: for a sweep
    that writes thousands of reminders in a batch. Same rules, same idempotency; the chat robot of
    a department posts once per request."""
    prepared: list[tuple[list[int], int | None, dt.datetime | None, str, NotificationRequest]] = []
    all_ids: set[int] = set()
    for request in requests:
        ids = _user_ids(request.recipients)
        if not ids or not request.step:
            continue
        deadline = _as_deadline(request.deadline)
        case_id = getattr(request.case, "pk", request.case)
        prepared.append((ids, case_id, deadline, dedupe_key(case_id, request.step, deadline), request))
        all_ids.update(ids)
    if not prepared:
        return []
    # No savepoint: a sweep calls this inside its batch's transaction, and nothing here is meant
    # to fail on its own (duplicates are skipped by the insert, not raised).
    with transaction.atomic(savepoint=False):
        users = {
            pk: (email, department_id, frozenset(muted or ()))
            for pk, email, department_id, muted in get_user_model()
            .objects.filter(pk__in=list(all_ids), is_active=True)
            .values_list("pk", "email", "profile__department_id", "email_preference__muted")
        }
        batch = uuid.uuid4()
        rows: dict[tuple[int, str], Notification] = {}
        request_of: dict[str, int] = {}
        category_of: dict[str, str] = {}
        for index, (ids, case_id, deadline, key, request) in enumerate(prepared):
            request_of.setdefault(key, index)
            category_of.setdefault(key, request.category)
            for pk in ids:
                if pk in users and (pk, key) not in rows:
                    rows[pk, key] = Notification(
                        recipient_id=pk,
                        case_id=case_id,
                        step=request.step,
                        deadline=deadline,
                        dedupe_key=key,
                        batch=batch,
                        level=request.level,
                        title=request.title[:200],
                        body=request.body,
                        url=request.url,
                    )
        Notification.objects.bulk_create(list(rows.values()), ignore_conflicts=True, batch_size=2000)
        # Only the rows this call inserted carry its batch id: the duplicates were skipped.
        new = list(Notification.objects.filter(batch=batch).order_by("id"))
        if new and _plan_deliveries(new, users, request_of, category_of):
            queue_delivery([n.pk for n in new])
    return new


def _plan_deliveries(
    new: list[Notification],
    users: dict[int, tuple[str, int | None, frozenset]],
    request_of: dict[str, int],
    category_of: dict[str, str],
) -> bool:
    """E-mail per recipient with an address who has not muted the request's category; one message
    per robot of the recipients' department and request. Returns whether any delivery may go out
    now (outside quiet hours they wait for ``deliver_due``).

    A group chat is shared by the department, so the robot posts a reminder once for all its
    recipients in that department rather than once per person.
    """
    first_at = deliverable_at(timezone.now())
    rows: list[Delivery] = []
    by_department: dict[int, dict[int, Notification]] = {}
    for notification in new:
        email, department_id, muted = users[notification.recipient_id]
        if email and settings.NOTIFICATIONS_EMAIL and category_of.get(notification.dedupe_key, "") not in muted:
            rows.append(Delivery(notification=notification, channel=Channel.EMAIL, next_attempt_at=first_at))
        if department_id is not None:
            by_department.setdefault(department_id, {}).setdefault(request_of[notification.dedupe_key], notification)
    if by_department:
        for robot in ChatRobot.objects.filter(active=True, department_id__in=list(by_department)):
            rows.extend(
                Delivery(notification=notification, channel=robot.kind, robot=robot, next_attempt_at=first_at)
                for notification in by_department[robot.department_id].values()
            )
    Delivery.objects.bulk_create(rows, batch_size=2000)
    return bool(rows) and first_at <= timezone.now()


def mark_read(notification_ids: Iterable[int], *, actor) -> int:
    """Mark the actor's own notifications among ``notification_ids`` as read; returns how many changed."""
    with transaction.atomic():
        return Notification.objects.filter(
            pk__in=list(notification_ids), recipient_id=actor.pk, read_at__isnull=True
        ).update(read_at=timezone.now())


def mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor as read; returns how many changed."""
    with transaction.atomic():
        return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())
