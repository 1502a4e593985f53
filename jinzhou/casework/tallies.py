"""The stored ``handed_in_at`` and the kept tallies of closed cases (``CaseTally``): how they are
filled, kept and rebuilt. Read by ``casework.figures``; definitions in docs/metrics.md.

A case is *tallied* when it is closed with a closing time at or after its creation (``TALLIED``);
every other case (open, or an imported oddity) is *live* (``LIVE``) and counted by the plain queries
each time. Each figure of the dashboards is the live count plus the tallies' sum, the two sets never
overlapping. The tallies hold only facts of closed cases that no clock changes:

- ``opened``: tallied cases created in the month (local time);
- ``closed`` / ``closed_with_deadline`` / ``closed_on_time``: tallied cases closed in the month,
  those with an original deadline, and those handed in by it (``reports.CLOSED_ON_TIME``);
- ``overdue_at_end``: tallied cases overdue at the month's end (created and due before it, closed
  at or after it: ``trends._month_counts``).

On PostgreSQL a row trigger on ``casework_case`` keeps them on every insert, update and delete,
whatever the write path (the workflow service, the admin, seed_demo's COPY, a migration). Other
databases (SQLite, for development) have no trigger: the dashboards there use the plain queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Max, OuterRef, Q, Subquery

from jinzhou.casework.models.cases import LIVE

TALLIED = ~LIVE  # closed, with a closing time at or after the creation


def waiting_states_by_kind() -> dict[str, tuple[str, ...]]:
    from jinzhou.casework.kinds import all_kinds

    return {spec.code: spec.workflow.waiting_states for spec in all_kinds() if spec.workflow.waiting_states}


def fill_handed_in_at(Case, TimelineEvent, cases=None) -> None:
    """Set ``handed_in_at`` of ``cases`` (all when None) from their timelines, as ``reports.
    handed_in_at_from_timeline`` reads it: the last step into a waiting state of the case's kind, at
    or before the closing time of a closed case; None if it never waited. For the migration, for
    ``import_case`` (history written as events) and for seed_demo."""
    cases = Case.objects.all() if cases is None else cases
    waiting = waiting_states_by_kind()
    cases.exclude(kind__in=list(waiting)).exclude(handed_in_at=None).update(handed_in_at=None)
    for kind, states in waiting.items():
        steps = TimelineEvent.objects.filter(case_id=OuterRef("pk"), kind="transition", to_status__in=states)
        for part, bounded in ((Q(closed_at__isnull=False), True), (Q(closed_at__isnull=True), False)):
            found = steps.filter(at__lte=OuterRef("closed_at")) if bounded else steps
            last = found.order_by().values("case_id").annotate(last=Max("at")).values("last")
            cases.filter(part, kind=kind).update(handed_in_at=Subquery(last))


def _tz() -> str:
    return settings.TIME_ZONE.replace("'", "")


# The contributions of one case row ``c`` to the tallies, as (month, opened, closed, with deadline,
# on time, overdue at end) rows; the trigger adds them with sign +1 (NEW) and -1 (OLD).
CONTRIBUTIONS = """
    SELECT date_trunc('month', c.created_at AT TIME ZONE '{tz}')::date AS month,
           1 AS opened, 0 AS closed, 0 AS closed_with_deadline, 0 AS closed_on_time, 0 AS overdue_at_end
    UNION ALL
    SELECT date_trunc('month', c.closed_at AT TIME ZONE '{tz}')::date, 0, 1,
           (c.original_due_at IS NOT NULL)::int,
           ({on_time})::int, 0
    UNION ALL
    SELECT (ends.at - interval '1 month')::date, 0, 0, 0, 0, 1
    FROM generate_series(
        date_trunc('month', GREATEST(c.created_at, c.due_at) AT TIME ZONE '{tz}') + interval '1 month',
        c.closed_at AT TIME ZONE '{tz}',
        interval '1 month'
    ) AS ends(at)
    WHERE c.due_at IS NOT NULL
"""

# ``reports.CLOSED_ON_TIME``'s dates as SQL on a closed case row ``{c}``: handed in, or else closed, by
# the original deadline. For the trigger and for the trends' conditional counts (``trends``).
ON_TIME_SQL = "{c}.original_due_at IS NOT NULL AND COALESCE({c}.handed_in_at, {c}.closed_at) <= {c}.original_due_at"
TALLIED_SQL = "NOT c.is_open AND c.closed_at IS NOT NULL AND c.closed_at >= c.created_at"
KEYS = "month, chain_id, responsible_department_id"
COUNTS = "opened, closed, closed_with_deadline, closed_on_time, overdue_at_end"


def _contributions() -> str:
    return CONTRIBUTIONS.format(tz=_tz(), on_time=ON_TIME_SQL.format(c="c"))


def trigger_sql() -> str:
    """The PostgreSQL function and triggers that keep ``casework_casetally`` (migration 0013)."""
    contributions = _contributions()
    watched = (
        "is_open",
        "closed_at",
        "created_at",
        "due_at",
        "original_due_at",
        "handed_in_at",
        "chain_id",
        "responsible_department_id",
    )
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in watched)
    # Built from this module's constants and the TIME_ZONE setting only: nothing a visitor sends.
    return f"""
CREATE UNIQUE INDEX casework_casetally_key ON casework_casetally ({KEYS}) NULLS NOT DISTINCT;

CREATE FUNCTION casework_tally_case(c casework_case, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ({TALLIED_SQL}) THEN
        RETURN;
    END IF;
    INSERT INTO casework_casetally ({KEYS}, {COUNTS})
    SELECT part.month, c.chain_id, c.responsible_department_id, sign * SUM(part.opened), sign * SUM(part.closed),
           sign * SUM(part.closed_with_deadline), sign * SUM(part.closed_on_time), sign * SUM(part.overdue_at_end)
    FROM ({contributions}) AS part
    GROUP BY part.month
    ON CONFLICT ({KEYS}) DO UPDATE SET
        opened = casework_casetally.opened + EXCLUDED.opened,
        closed = casework_casetally.closed + EXCLUDED.closed,
        closed_with_deadline = casework_casetally.closed_with_deadline + EXCLUDED.closed_with_deadline,
        closed_on_time = casework_casetally.closed_on_time + EXCLUDED.closed_on_time,
        overdue_at_end = casework_casetally.overdue_at_end + EXCLUDED.overdue_at_end;
END $$;

CREATE FUNCTION casework_case_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM casework_tally_case(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM casework_tally_case(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER casework_case_tally_insert_delete AFTER INSERT OR DELETE ON casework_case
    FOR EACH ROW EXECUTE FUNCTION casework_case_tally_trigger();
-- Most saves change none of the tallied columns (a version bump, a reminder): they skip the trigger.
CREATE TRIGGER casework_case_tally_update AFTER UPDATE ON casework_case
    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION casework_case_tally_trigger();
"""  # noqa: S608


DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS casework_case_tally_update ON casework_case;
DROP TRIGGER IF EXISTS casework_case_tally_insert_delete ON casework_case;
DROP FUNCTION IF EXISTS casework_case_tally_trigger();
DROP FUNCTION IF EXISTS casework_tally_case(casework_case, integer);
DROP INDEX IF EXISTS casework_casetally_key;
"""


def rebuild_sql() -> str:
    contributions = _contributions()
    return f"""
DELETE FROM casework_casetally;
INSERT INTO casework_casetally ({KEYS}, {COUNTS})
SELECT part.month, c.chain_id, c.responsible_department_id, SUM(part.opened), SUM(part.closed),
       SUM(part.closed_with_deadline), SUM(part.closed_on_time), SUM(part.overdue_at_end)
FROM casework_case AS c CROSS JOIN LATERAL ({contributions}) AS part
WHERE {TALLIED_SQL}
GROUP BY part.month, c.chain_id, c.responsible_department_id;
"""  # noqa: S608


def compact_tallies(connection) -> None:
    """Rewrite the tallies' table after a bulk load (seed_demo; outside a transaction only). The
    trigger updates a tally row for every case written: a million cases in a row left the 6,000 rows
    spread over 10,000 pages (79 MB) that every dashboard read scanned (30 ms where 2 ms do). Daily
    writes come spread out, and autovacuum, set close on this table (migration 0017), keeps up."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (FULL, ANALYZE) casework_casetally")


def tallies_kept(using=None) -> bool:
    """Whether this database keeps the tallies (PostgreSQL, with the trigger of migration 0013)."""
    from django.db import connections

    return (connections[using] if using else connection).vendor == "postgresql"


def rebuild_tallies(using: str = "default", *, remake_trigger: bool = False) -> None:
    """Recount every tally from the cases (one statement; a few seconds for a million cases): after
    a bulk load with the trigger switched off, or to repair. Takes a lock so no write interleaves.
    ``remake_trigger``: drop and create the trigger first, in the same transaction, for the current
    ``TIME_ZONE`` (the months are cut in the zone the trigger was made with); that holds every access to
    the cases until the recount commits."""
    from django.db import connections, transaction

    if not tallies_kept(using):
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if remake_trigger:
            cursor.execute(DROP_TRIGGER_SQL)
            cursor.execute(trigger_sql())
        cursor.execute("LOCK TABLE casework_casetally IN EXCLUSIVE MODE")
        cursor.execute(rebuild_sql())
