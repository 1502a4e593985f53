"""The kept tallies' table stays small to read: autovacuum is set close on it (migration 0017), and
after a bulk load (seed_demo) it is rewritten, so a dashboard reads a few pages, not the thousands
that one update per case written would leave behind."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction

from jinzhou.casework.models import CaseTally
from jinzhou.casework.tallies import compact_tallies

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are kept on PostgreSQL")


def pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('casework_casetally') / current_setting('block_size')::int")
        return cursor.fetchone()[0]


def others_still_reading(since_xid: str) -> list[tuple]:
    """Other sessions of this database whose snapshot is older than transaction ``since_xid``: the row
    versions that transaction replaced are still visible to them, so no VACUUM may drop them yet.
    (An autovacuum ANALYZE of any table here holds such a snapshot for its few milliseconds.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_type, state, left(query, 80) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL"
            " AND age(backend_xmin) >= age(%s::xid)",
            [since_xid],
        )
        return cursor.fetchall()


def wait_until_nobody_reads_before(since_xid: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while (readers := others_still_reading(since_xid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not readers, f"sessions still reading the replaced rows after {seconds} s: {readers}"


@pytest.mark.django_db
def test_autovacuum_comes_after_a_thousand_dead_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'casework_casetally'")
        options = set(cursor.fetchone()[0])
    assert {"fillfactor=50", "autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=1000"} <= options


@pytest.mark.django_db(transaction=True)
def test_a_bulk_loads_updates_are_compacted_away():
    rows = [CaseTally(month=dt.date(2026, month, 1), opened=1) for month in range(1, 13)]
    CaseTally.objects.bulk_create(rows)
    # What a bulk load does: each case written adds to a tally row (a new version of the row each
    # time), faster than autovacuum comes by.
    with transaction.atomic(), connection.cursor() as cursor:
        for _round in range(3000):
            cursor.execute("UPDATE casework_casetally SET opened = opened + 1")
        cursor.execute("SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text")
        updated_by = cursor.fetchone()[0]
    bloated = pages()
    assert bloated > 50
    with transaction.atomic():
        compact_tallies(connection)  # inside a transaction VACUUM cannot run: it leaves the table alone
    assert pages() == bloated
    wait_until_nobody_reads_before(updated_by)
    compact_tallies(connection)
    assert pages() <= 2
    assert sorted(CaseTally.objects.values_list("opened", flat=True)) == [3001] * 12
