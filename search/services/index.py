"""Writing the search index: an entry per case (every kind, with its comments and progress reports),
enterprise and meeting. ``schedule`` queues a re-index after the current transaction commits (the
receivers call it on every save); ``rebuild`` refills the whole index in chunks (``manage.py
rebuild_search_index``, ``seed_jinzhou``)."""

import datetime as dt
import logging
import threading
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone, translation

from chains.models import ProgressReport
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.models import Case, Comment
from jinzhou.org.models import Enterprise
from meetings.choices import MeetingKind
from meetings.models import Decision, Meeting
from search.models import EntryKind, SearchEntry
from search.tokens import document

CHUNK = 1000
logger = logging.getLogger(__name__)
_pending = threading.local()


def _kind_text_fields() -> dict[str, tuple[type, list[str]]]:
    """Each kind's own text fields (a bottleneck's resolution, a challenge's technical problem…)."""
    out = {}
    for spec in all_kinds():
        fields = [
            f.name for f in spec.model._meta.local_concrete_fields if isinstance(f, models.TextField) and f.name != "id"
        ]
        out[spec.code] = (spec.model, fields)
    return out


# A case's columns its entry copies (the scope's, under the case's names: casework.selectors.scope_q).
SCOPE_COLUMNS = (
    "chain_id",
    "reporter_enterprise_id",
    "responsible_department_id",
    "reporter_id",
    "responsible_person_id",
    "assigned_by_id",
)


def _save(kind: str, key: str, rows: dict[int, SearchEntry], ids: list[int], fresh: bool = False) -> None:
    """Replace the entries of ``ids`` (rows missing from ``rows`` were deleted: their entry goes).
    ``fresh``: the index was emptied first (a rebuild), so there is nothing to delete."""
    with transaction.atomic():
        if not fresh:
            SearchEntry.objects.filter(**{f"{key}_id__in": ids}).delete()
        if fresh and connection.vendor == "postgresql":
            _copy_in(rows.values())
        else:
            SearchEntry.objects.bulk_create(rows.values(), batch_size=CHUNK)


def _copy_in(rows) -> None:
    """PostgreSQL's COPY for a rebuild's rows: no SQL text of a thousand rows to build and parse."""
    fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {SearchEntry._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([getattr(row, f.attname) for f in fields])


def index_cases(ids, fresh: bool = False) -> int:
    ids = sorted(set(ids))
    kind_fields = _kind_text_fields()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cases = list(
            Case.objects.filter(pk__in=chunk).values(
                "pk", "kind", "reference", "title", "description", "created_at", "is_open", *SCOPE_COLUMNS
            )
        )
        extra: dict[int, list[str]] = defaultdict(list)
        for kind in {c["kind"] for c in cases}:
            model, fields = kind_fields.get(kind, (None, []))
            if fields:
                for row in model.objects.filter(pk__in=chunk).values_list("pk", *fields):
                    extra[row[0]].extend(text for text in row[1:] if text)
        notes: dict[int, list[str]] = defaultdict(list)
        for case_id, text in Comment.objects.filter(case_id__in=chunk).order_by("id").values_list("case_id", "text"):
            notes[case_id].append(text)
        reports = ProgressReport.objects.filter(task_id__in=chunk).order_by("id").values_list("task_id", "text")
        for case_id, text in reports:
            notes[case_id].append(text)
        rows = {}
        for c in cases:
            body = "\n".join([c["description"], *extra[c["pk"]]]).strip()
            note = "\n".join(notes[c["pk"]])
            rows[c["pk"]] = SearchEntry(
                kind=EntryKind.CASE,
                case_id=c["pk"],
                code=c["reference"],
                title=c["title"][:300],
                body=body,
                notes=note,
                document=document((c["reference"], c["title"]), (body,), (note,)),
                recency=c["created_at"],
                case_kind=c["kind"],
                is_open=c["is_open"],
                **{column: c[column] for column in SCOPE_COLUMNS},
            )
        _save(EntryKind.CASE, "case", rows, chunk, fresh)
    return len(ids)


def index_enterprises(ids, fresh: bool = False) -> int:
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = {}
        values = Enterprise.objects.filter(pk__in=chunk).values(
            "pk", "name", "short_name", "credit_code", "description"
        )
        for e in values:
            rows[e["pk"]] = SearchEntry(
                kind=EntryKind.ENTERPRISE,
                enterprise_id=e["pk"],
                code=e["credit_code"] or "",
                title=e["name"],
                body="\n".join(t for t in (e["short_name"], e["description"]) if t),
                document=document((e["credit_code"] or "", e["name"]), (e["short_name"], e["description"])),
            )
        _save(EntryKind.ENTERPRISE, "enterprise", rows, chunk, fresh)
    return len(ids)


def index_meetings(ids, fresh: bool = False) -> int:
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        decisions: dict[int, list[str]] = defaultdict(list)
        for meeting_id, text in (
            Decision.objects.filter(meeting_id__in=chunk).order_by("number", "id").values_list("meeting_id", "text")
        ):
            decisions[meeting_id].append(text)
        rows = {}
        for m in Meeting.objects.filter(pk__in=chunk).values("pk", "title", "kind", "date", "summary"):
            with translation.override(settings.LANGUAGE_CODE):
                title = m["title"] or str(MeetingKind(m["kind"]).label)
            note = "\n".join(decisions[m["pk"]])
            rows[m["pk"]] = SearchEntry(
                kind=EntryKind.MEETING,
                meeting_id=m["pk"],
                title=title,
                body=m["summary"],
                notes=note,
                document=document((title,), (m["summary"],), (note,)),
                recency=timezone.make_aware(dt.datetime.combine(m["date"], dt.time(12))),
            )
        _save(EntryKind.MEETING, "meeting", rows, chunk, fresh)
    return len(ids)


INDEXERS = {EntryKind.CASE: index_cases, EntryKind.ENTERPRISE: index_enterprises, EntryKind.MEETING: index_meetings}


def schedule(kind: str, pk) -> None:
    """Re-index one object once the current transaction commits (at once outside a transaction).

    The keys wait in a per-thread set, so a case saved five times in one transaction is indexed once;
    a rolled-back key stays for the next commit, which indexes what is then in the database."""
    if pk is None:
        return
    keys = getattr(_pending, "keys", None)
    if keys is None:
        keys = _pending.keys = set()
    keys.add((kind, pk))
    transaction.on_commit(_flush)


def _flush() -> None:
    keys = getattr(_pending, "keys", None)
    if not keys:
        return
    _pending.keys = set()
    by_kind: dict[str, list] = defaultdict(list)
    for kind, pk in keys:
        by_kind[kind].append(pk)
    for kind, pks in by_kind.items():
        try:
            INDEXERS[kind](pks)
        except DatabaseError:
            # The write itself is committed: a failed index update is logged, never the user's error;
            # rebuild_search_index puts it right.
            logger.exception("search index update failed for %s %s", kind, pks)


def rebuild(stdout=None) -> dict[str, int]:
    """Refill the whole index from the records; returns the number of entries per kind. The index is
    emptied first (one statement), so each chunk is only inserted, not deleted and inserted; all in one
    transaction, so a search meanwhile reads the old index, never a half-filled one."""
    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, model in ((EntryKind.CASE, Case), (EntryKind.ENTERPRISE, Enterprise), (EntryKind.MEETING, Meeting)):
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            counts[kind] = INDEXERS[kind](ids, fresh=True)
            if stdout is not None:
                stdout.write(f"{kind}: {counts[kind]}")
    return counts
