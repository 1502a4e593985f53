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


def estimated_count(queryset) -> int | None:
    """The planner's estimate of the rows of an *unfiltered* queryset on PostgreSQL, else None.

    Only a queryset whose rows are exactly its model's table qualifies: no filter (including
    ``extra()`` and scope filters), no DISTINCT, no grouping, no slicing, no set operation. Joins
    added by ``select_related``, multi-table inheritance and annotations such as ``Exists`` do not
    change the number of rows, so they are allowed."""
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
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(ESTIMATE_SQL, [table])
        row = cursor.fetchone()
    if not row or row[0] is None:
        return None
    return max(0, round(row[0]))


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
        estimate = estimated_count(self.object_list)
        if estimate is not None and estimate >= self.exact_below:
            return estimate
        return super().count


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
            return planned
        return super().count
