"""Pagination for lists over a very large table: no exact ``COUNT(*)`` of the whole table.

A paginator needs the number of rows for its page links. For an unfiltered list of a table with
millions of rows an exact ``COUNT(*)`` reads the whole table (PostgreSQL has no cached row count),
on every page load, for a figure nobody needs exactly. ``EstimatedCountPaginator`` asks the
planner's statistics instead, as the planner itself does; a filtered list is still counted exactly
(the filter usually makes it small, and the figure is then what the visitor asked for).

In the admin: ``paginator = EstimatedCountPaginator`` together with ``show_full_result_count = False``
(otherwise the ChangeList runs its own full count to show "N results (M total)").
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# The estimate: the rows per page seen by the last ANALYZE (or VACUUM) times the table's current
# number of pages, so that it follows the table's growth between two ANALYZEs. Null when the table
# was never analysed (reltuples < 0), or is empty.
ESTIMATE_SQL = """
    SELECT CASE WHEN c.reltuples < 0 OR c.relpages = 0 THEN NULL
                ELSE c.reltuples / c.relpages
                     * (pg_relation_size(c.oid) / current_setting('block_size')::float8)
           END
    FROM pg_class c
    WHERE c.oid = to_regclass(%s)
"""


def unfiltered_table(queryset) -> str | None:
    """The quoted table of an *unfiltered* queryset on PostgreSQL (its rows are exactly its model's
    table's), else None.

    Only a queryset whose rows are exactly its model's table qualifies: no filter (including
    ``extra()`` and scope filters), no DISTINCT, no grouping, no slicing, no set operation. Joins
    added by ``select_related``, multi-table inheritance (a kind's row has its case, by its key) and
    annotations such as ``Exists`` do not change the number of rows, so they are allowed."""
    query = getattr(queryset, "query", None)
    if query is None:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    if (
        query.where
        or query.distinct
        or query.combinator
        or query.group_by is not None
        or query.low_mark
        or query.high_mark is not None
        or query.extra_tables
    ):
        return None
    return connection.ops.quote_name(queryset.model._meta.db_table)


def estimated_count(queryset) -> int | None:
    """The planner's estimate of the rows of an unfiltered queryset on PostgreSQL, else None."""
    table = unfiltered_table(queryset)
    if table is None:
        return None
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(ESTIMATE_SQL, [table])
        row = cursor.fetchone()
    if not row or row[0] is None:
        return None
    return max(0, round(row[0]))


def list_count(queryset, exact_below: int) -> tuple[int, bool]:
    """(the number of rows of ``queryset``, whether it is an estimate), in one query.

    An unfiltered list (``unfiltered_table``) of at least ``exact_below`` rows: the planner's
    estimate. An unfiltered list below that: the exact count of its model's table alone, without the
    joins the list reads its rows with (a kind's list joins the case table: counting 60,000
    bottlenecks through that join took 150 ms, counting their own table a few). A filtered list,
    or another database: the exact count, as filtered."""
    table = unfiltered_table(queryset)
    if table is None:
        return queryset.count(), False
    # The table's own count is a subquery of the CASE's other branch: PostgreSQL runs it only there.
    # ``table`` is the model's own table name, quoted by the connection (no input of a visitor).
    head = "SELECT CASE WHEN estimate >= %s THEN round(estimate)::bigint ELSE (SELECT COUNT(*) FROM "
    tail = ") END, COALESCE(estimate >= %s, false) FROM (" + ESTIMATE_SQL + ") AS planner (estimate)"
    sql = head + table + tail
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [exact_below, exact_below, table])
        row = cursor.fetchone()
    if row is None:  # the table is not there: let the ORM say so
        return queryset.count(), False
    return int(row[0]), bool(row[1])


class EstimatedCountPaginator(Paginator):
    """A Paginator that estimates, rather than counts, an unfiltered list of a big table.

    ``count`` is the planner's estimate when the queryset is unfiltered, the database is
    PostgreSQL and the estimate is at least ``exact_below`` rows; otherwise the exact count (a
    small table counts fast, and then the exact figure costs nothing). An estimate is typically
    within a few per cent after autovacuum's ANALYZE, so the last page numbers are approximate:
    with an estimate too high the last pages are short or empty; with one too low the last few
    rows of the unfiltered list have no page number (sorting or filtering the list reaches them)."""

    exact_below = 100_000

    @cached_property
    def count(self) -> int:
        if not hasattr(self.object_list, "query"):
            return super().count
        total, self.estimated = list_count(self.object_list, self.exact_below)
        return total

    estimated = False

    @staticmethod
    def rows_of(rows):
        """The queryset a page's rows are read from (the list's own by default): a list may add
        here what only its rows need, and not its count (``AllCasesAdmin``'s kind detail)."""
        return rows

    def page(self, number):
        # Django's ``Paginator.page``, reading the rows through ``rows_of``.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows_of(self.object_list)[bottom:top], number, self)


def planned_rows(queryset) -> int | None:
    """The planner's estimate of the rows of ``queryset`` on PostgreSQL (EXPLAIN, nothing run), else None."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.explain(format="json"))
    return max(0, round(plan[0]["Plan"]["Plan Rows"]))


class SearchedCountPaginator(EstimatedCountPaginator):
    """A searched list (the admin's search box): the planner's estimate of its rows once that is at least
    ``estimate_from``, else the exact count. A common word matches tens of thousands of cases at a million;
    counting them exactly reads every one (the match from the search index, then the case) on each page
    load, for a figure the page links only round off; the index's statistics give it within a few per cent
    for the office's lists (a narrow scope is estimated more loosely: the last page links may then be
    empty or missing, as with ``EstimatedCountPaginator``)."""

    estimate_from = 1_000

    @cached_property
    def count(self) -> int:
        planned = planned_rows(self.object_list)
        if planned is not None and planned >= self.estimate_from:
            self.estimated = True
            return planned
        return super().count
