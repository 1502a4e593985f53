"""The kept tallies' table stays small to read: autovacuum is set close on it (migration 0017), and
after a bulk load (seed_demo) it is rewritten, so a dashboard reads a few pages, not the thousands
that one update per case written would leave behind."""

import datetime as dt

import pytest
from django.db import connection, transaction

from jinzhou.casework.models import CaseTally
from jinzhou.casework.tallies import compact_tallies

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are kept on PostgreSQL")


def pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('casework_casetally') / current_setting('block_size')::int")
        return cursor.fetchone()[0]


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
    bloated = pages()
    assert bloated > 50
    with transaction.atomic():
        compact_tallies(connection)  # inside a transaction VACUUM cannot run: it leaves the table alone
    assert pages() == bloated
    compact_tallies(connection)
    assert pages() <= 2
    assert sorted(CaseTally.objects.values_list("opened", flat=True)) == [3001] * 12
