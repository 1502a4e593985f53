"""Mirroring cases with updated_since + cursor: no row missed, no version sent twice."""

import datetime as dt

import pytest
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework import services
from jinzhou.casework.models import Case
from tests.world import case_in_state

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/api/v1/cases/sync/", params)
    assert response.status_code == 200, response.content
    return response.json()


def sync_all(client, *, cursor=None, limit=2, between_pages=None, **params):
    """Follow next_cursor until has_more is false; returns (rows as (id, version), last cursor)."""
    seen = []
    query = {"limit": limit, **params}
    if cursor:
        query = {"limit": limit, "cursor": cursor}
    pages = 0
    while True:
        body = page(client, **query)
        seen += [(row["id"], row["version"]) for row in body["results"]]
        pages += 1
        if between_pages:
            between_pages(pages)
        if not body["has_more"]:
            return seen, body["next_cursor"]
        query = {"limit": limit, "cursor": body["next_cursor"]}


def test_sync_sends_every_visible_case_once_in_update_order(world, api):
    cases = [case_in_state(Bottleneck, "handling", world=world) for _index in range(5)]
    cases.append(case_in_state(ChainTask, "assigned", world=world))
    seen, cursor = sync_all(api(world.office), updated_since="2000-01-01T00:00:00Z")
    assert [pk for pk, _version in seen] == sorted(
        (c.pk for c in cases), key=lambda pk: (Case.objects.get(pk=pk).updated_at, pk)
    )
    assert len(set(seen)) == len(seen) == 6
    assert cursor


def test_rows_changed_during_the_sync_are_neither_missed_nor_repeated_unchanged(world, api):
    cases = [case_in_state(Bottleneck, "submitted", world=world) for _index in range(6)]
    client = api(world.office)
    already_sent, not_yet_sent = cases[0], cases[5]

    def meanwhile(pages):
        if pages == 1:
            # One case the partner has, one it has not reached yet, and a new one: all change now.
            services.transition(Case.objects.get(pk=already_sent.pk).as_kind(), "accept", actor=world.office)
            services.transition(Case.objects.get(pk=not_yet_sent.pk).as_kind(), "accept", actor=world.office)
            case_in_state(Bottleneck, "draft", world=world, title="新来的")

    seen, _cursor = sync_all(client, updated_since="2000-01-01T00:00:00Z", between_pages=meanwhile)
    ids = [pk for pk, _version in seen]
    assert len(seen) == len(set(seen))  # no (id, version) twice
    assert set(ids) == {c.pk for c in cases} | {Case.objects.get(title="新来的").pk}
    assert (already_sent.pk, 1) in seen and (already_sent.pk, 2) in seen  # sent again, changed
    assert ids.count(not_yet_sent.pk) == 1 and (not_yet_sent.pk, 2) in seen  # once, newest version


def test_resuming_from_the_last_cursor_sends_only_what_changed(world, api):
    first, second = (case_in_state(Bottleneck, "submitted", world=world) for _index in range(2))
    client = api(world.office)
    _seen, cursor = sync_all(client, updated_since="2000-01-01T00:00:00Z")
    assert sync_all(client, cursor=cursor)[0] == []
    services.transition(Case.objects.get(pk=second.pk).as_kind(), "accept", actor=world.office)
    assert sync_all(client, cursor=cursor)[0] == [(second.pk, 2)]
    assert first.pk


def test_an_empty_first_sync_still_gives_a_cursor_to_resume_from(world, api):
    # A new partner syncs before it has any case: the cursor it keeps must work next time.
    client = api(world.enterprise)
    body = page(client, updated_since="2000-01-01T00:00:00Z")
    assert body["results"] == [] and body["has_more"] is False and body["next"] is None
    cursor = body["next_cursor"]
    assert cursor
    assert sync_all(client, cursor=cursor)[0] == []
    reported = case_in_state(Bottleneck, "submitted", world=world)
    Case.objects.filter(pk=reported.pk).update(updated_at=timezone.now())
    seen, later = sync_all(client, cursor=cursor)
    assert seen == [(reported.pk, reported.version)] and later != cursor
    assert sync_all(client, cursor=later)[0] == []


def test_sync_respects_scope_and_filters(world, api):
    mine = case_in_state(Bottleneck, "handling", world=world)
    case_in_state(Bottleneck, "handling", world=world, chain=world.wind, reporter=None, reporter_enterprise=None)
    seen, _cursor = sync_all(api(world.chainlead), updated_since="2000-01-01T00:00:00Z")
    assert [pk for pk, _version in seen] == [mine.pk]
    seen, _cursor = sync_all(api(world.office), chain="NE-01")
    assert mine.pk not in [pk for pk, _version in seen]


def test_rows_younger_than_the_settle_time_wait_for_the_next_poll(world, api, settings):
    settings.API_SYNC_SETTLE_SECONDS = 60
    old = case_in_state(Bottleneck, "handling", world=world)
    Case.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    case_in_state(Bottleneck, "handling", world=world)  # saved just now: maybe still committing elsewhere
    seen, _cursor = sync_all(api(world.office), updated_since="2000-01-01T00:00:00Z")
    assert [pk for pk, _version in seen] == [old.pk]


def test_the_light_filter_agrees_with_the_light_shown(world, api):
    from jinzhou.casework.services.supervision import request_extension

    for status, days in (("handling", -3), ("handling", 1), ("handling", 30), ("closed", 5)):
        case_in_state(Bottleneck, status, world=world, due_in_days=days)
    waiting = case_in_state(Bottleneck, "handling", world=world, due_in_days=30)
    new_due = (waiting.due_at + dt.timedelta(days=10)).date()
    request_extension(waiting, actor=world.chainlead, new_due_date=new_due, reason="等待设备到货")
    client = api(world.office)
    everything = {row["id"]: row["light"] for row in client.get("/api/v1/cases/", {"limit": 100}).json()["results"]}
    assert set(everything.values()) == {"red", "yellow", "green", "grey"}
    for light in ("red", "yellow", "green", "grey"):
        listed = {row["id"] for row in client.get("/api/v1/cases/", {"light": light, "limit": 100}).json()["results"]}
        assert listed == {pk for pk, shown in everything.items() if shown == light}, light
