"""The kept tallies' table stays small to read: autovacuum is set close on it (migration 0017), and
after a bulk load (seed_demo) it is rewritten, so a dashboard reads a few pages, not the thousands
that one update per case written would leave behind."""

import importlib
import os
import time

import pytest
from django.db import connection, connections, transaction

from jinzhou.casework.tallies import compact_tallies

TALLY_SETTINGS = importlib.import_module("jinzhou.casework.migrations.0017_casetally_autovacuum").SETTINGS

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are kept on PostgreSQL")


def pages(using=connection) -> int:
    with using.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('casework_casetally') / current_setting('block_size')::int")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_autovacuum_comes_after_a_thousand_dead_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'casework_casetally'")
        options = set(cursor.fetchone()[0])
    assert {"fillfactor=50", "autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=1000"} <= options


@pytest.fixture
def quiet(django_db_blocker):
    """A connection to a new database holding only a tallies' table as migration 0017 leaves it. VACUUM
    may drop a replaced row version only once no session of the same database could still see it, and
    the test database has other sessions at times (a worker or a live server of another test, an
    autovacuum ANALYZE): twice in CI they kept all 611 pages. A new database has no other session but
    autovacuum's (see ``compacted``)."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    name = f"jinzhou_quiet_{os.getpid()}"
    with django_db_blocker.unblock():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
        quiet = DatabaseWrapper({**connection.settings_dict, "NAME": name}, alias="quiet")
        connections["quiet"] = quiet  # for transaction.atomic(using="quiet")
        try:
            with quiet.cursor() as cursor:
                cursor.execute(
                    "CREATE TABLE casework_casetally (id bigserial PRIMARY KEY, month date NOT NULL,"
                    f" opened integer NOT NULL) WITH ({TALLY_SETTINGS})"
                )
            yield quiet
        finally:
            quiet.close()
            del connections["quiet"]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name}")


def compacted(quiet, seconds: float = 60) -> int:
    """Compact, again while a session of the database still sees the replaced rows: VACUUM keeps them
    for it, and in CI all of them stayed (392 pages) even in this new database, where only autovacuum
    comes besides the test (its pass over a new database reads the catalogs under a snapshot)."""
    deadline = time.monotonic() + seconds
    while True:
        compact_tallies(quiet)
        if (left := pages(quiet)) <= 2 or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def holders(quiet) -> str:
    """Every session that holds back what VACUUM may drop, for the message of a failure."""
    with quiet.cursor() as cursor:
        cursor.execute(
            "SELECT datname, pid, backend_type, state, backend_xmin, backend_xid, left(query, 60)"
            " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            " AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)"
        )
        sessions = cursor.fetchall()
        cursor.execute("SELECT slot_name, xmin FROM pg_replication_slots WHERE xmin IS NOT NULL")
        slots = cursor.fetchall()
        cursor.execute("SELECT gid, database FROM pg_prepared_xacts")
        prepared = cursor.fetchall()
    return f"sessions {sessions}; slots {slots}; prepared {prepared}"


def test_a_bulk_loads_updates_are_compacted_away(quiet):
    with quiet.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_casetally (month, opened)"
            " SELECT month, 1 FROM generate_series('2026-01-01'::date, '2026-12-01', '1 month') AS month"
        )
    # What a bulk load does: each case written adds to a tally row (a new version of the row each
    # time), faster than autovacuum comes by.
    with transaction.atomic(using="quiet"), quiet.cursor() as cursor:
        for _round in range(3000):
            cursor.execute("UPDATE casework_casetally SET opened = opened + 1")
    bloated = pages(quiet)
    assert bloated > 50
    with transaction.atomic(using="quiet"):
        compact_tallies(quiet)  # inside a transaction VACUUM cannot run: it leaves the table alone
    assert pages(quiet) == bloated
    assert compacted(quiet) <= 2, holders(quiet)
    with quiet.cursor() as cursor:
        cursor.execute("SELECT opened FROM casework_casetally")
        assert [opened for (opened,) in cursor.fetchall()] == [3001] * 12
