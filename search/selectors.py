"""Reading the search index: ``search(user, query)`` finds cases (every kind, their comments and
progress reports), enterprises and meetings through the index (GIN on PostgreSQL, FTS5 on SQLite),
inside the user's scope (cases: ``visible_to`` and ``challenges_visible_to``; meetings: ``restrict``;
enterprises: every signed-in user, as the API's enterprise list), ranked by relevance (a word in the
reference or title, then in the main text, then in comments and reports) then recency; ``similar_open_cases``
offers the open cases like a title being typed; ``highlight`` escapes first, then wraps matches in <mark>."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jinzhou.casework.models import Case
from meetings.models import Meeting
from projects.selectors import challenges_visible_to
from search.models import EntryKind, SearchEntry
from search.tokens import fts5_query, query_terms, query_tokens, tsquery

# Text shown around the first match of a hit's main text or notes.
SNIPPET_CHARS = 80
MAX_LIMIT = 100
# The bigrams of a typed title compared with the open cases' (a long title: its first ones).
SIMILAR_TOKENS = 16


def match(query: str) -> Func | None:
    """The index condition for ``query``, or None when it has no word to look for."""
    tokens = query_tokens(query)
    return _condition(tokens) if tokens else None


class _TsMatch(Func):
    # to_tsvector('simple', tokens) @@ to_tsquery('simple', %s): the expression the GIN index is over.
    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


class _Fts5Match(Func):
    # id IN (SELECT rowid FROM the FTS5 table WHERE it MATCHes %s).
    template = "%(expressions)s)"
    arg_joiner = " IN (SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH "
    output_field = BooleanField()


def _condition(tokens, any_of: bool = False) -> Func:
    # Compiled with the column as the query names it (a subquery aliases the table).
    if connection.vendor == "postgresql":
        return _TsMatch(F("tokens"), Value(tsquery(tokens, any_of)))
    return _Fts5Match(F("id"), Value(fts5_query(tokens, any_of)))


def _unrestricted(qs: QuerySet) -> bool:
    return not qs.query.where


def scope_q(user, kinds=None) -> Q:
    """The entries ``user`` may see (of ``kinds``, all by default)."""
    kinds = set(kinds or EntryKind.values)
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(pk__in=[])
    # Correlated EXISTS, one primary-key probe per match: an ``IN (subquery)`` under these ORs becomes a
    # SubPlan that PostgreSQL cannot hash once the scope outgrows work_mem, and then re-reads the
    # cases per match (minutes at 1,000,000 cases; docs/performance.md).
    if EntryKind.CASE in kinds:
        cases = Case.objects.visible_to(user)
        challenges = challenges_visible_to(user)
        if _unrestricted(cases) or _unrestricted(challenges):
            q |= Q(kind=EntryKind.CASE)
        else:
            q |= Exists(cases.filter(pk=OuterRef("case_id"))) | Exists(challenges.filter(pk=OuterRef("case_id")))
    if EntryKind.ENTERPRISE in kinds:
        q |= Q(kind=EntryKind.ENTERPRISE)
    if EntryKind.MEETING in kinds:
        q |= Exists(Meeting.objects.restrict(user, "view").filter(pk=OuterRef("meeting_id")))
    return q


def relevance(terms: list[str]):
    """3 per word in the reference or title, 2 in the main text, 1 only in comments and reports."""
    score = Value(0, output_field=IntegerField())
    for term in terms:
        score = score + When_(
            When(Q(title__icontains=term) | Q(code__icontains=term), then=Value(3)),
            When(body__icontains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return score


def entries(user, query: str, kinds=None) -> QuerySet:
    """The matching entries in scope, best first (an empty queryset when the query has no word)."""
    condition = match(query)
    if condition is None:
        return SearchEntry.objects.none()
    return (
        SearchEntry.objects.filter(condition)
        .filter(scope_q(user, kinds))
        .annotate(relevance=relevance(query_terms(query)))
        .order_by("-relevance", F("recency").desc(nulls_last=True), "-id")
    )


@dataclass
class Hit:
    entry: SearchEntry
    kind: str
    case_kind: str
    title: SafeString
    snippet: SafeString
    url: str


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    words = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, each occurrence of a term wrapped in <mark> (the matches escaped too)."""
    text = text or ""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[last : m.start()]), "<mark>", escape(m.group(0)), "</mark>"]
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above


def snippet(entry: SearchEntry, terms: list[str]) -> SafeString:
    """The stretch of the main text (else the comments and reports) around the first match."""
    pattern = _pattern(terms)
    for text in (entry.body, entry.notes):
        found = pattern.search(text) if pattern and text else None
        if found:
            start = max(0, found.start() - SNIPPET_CHARS // 2)
            before = SafeString("…" if start else "")
            after = SafeString("…" if start + SNIPPET_CHARS < len(text) else "")
            return before + highlight(text[start : start + SNIPPET_CHARS], terms) + after
    return highlight((entry.body or "")[:SNIPPET_CHARS], terms)


def _url(entry: SearchEntry, case_kind: str) -> str:
    from django.urls import reverse

    if entry.kind == EntryKind.CASE:
        name = "portal:challenge" if case_kind == "challenge" else "portal:case"
        return reverse(name, args=[entry.case_id])
    if entry.kind == EntryKind.MEETING:
        return reverse("portal:meeting", args=[entry.meeting_id])
    return ""


def search(user, query: str, *, kinds=None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """One page of hits for ``query``: one query for the entries (with their case's kind)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    rows = entries(user, query, kinds).annotate(case_kind=F("case__kind"))[offset : offset + limit]
    terms = query_terms(query)
    return [
        Hit(
            entry=row,
            kind=row.kind,
            case_kind=row.case_kind or "",
            title=highlight(row.title, terms),
            snippet=snippet(row, terms),
            url=_url(row, row.case_kind or ""),
        )
        for row in rows
    ]


def similar_open_cases(user, title: str, *, limit: int = 5) -> list[Hit]:
    """The open cases in ``user``'s scope most like ``title`` (a bottleneck or task being typed): any
    of its bigrams may match (OR), those sharing most of them with the title first, then the newest."""
    tokens = [(token, False) for token, _prefix in query_tokens(title) if len(token) > 1][:SIMILAR_TOKENS]
    if not tokens:
        return []
    score = Value(0, output_field=IntegerField())
    for token, _prefix in tokens:
        score = score + When_(
            When(title__icontains=token, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    rows = (
        SearchEntry.objects.filter(_condition(tokens, any_of=True), case__is_open=True)
        .filter(scope_q(user, [EntryKind.CASE]))
        .annotate(relevance=score, case_kind=F("case__kind"))
        .order_by("-relevance", F("recency").desc(nulls_last=True), "-id")[: max(1, min(int(limit), 20))]
    )
    terms = [token for token, _prefix in tokens]
    return [
        Hit(
            entry=row,
            kind=row.kind,
            case_kind=row.case_kind,
            title=highlight(row.title, terms),
            snippet=SafeString(""),
            url=_url(row, row.case_kind),
        )
        for row in rows
    ]


def case_ids_matching(query: str) -> QuerySet | None:
    """The ids of the cases whose text matches ``query`` (the engine's lists scope them themselves),
    or None when the query has no word to look for (``jinzhou.casework.text_search``)."""
    condition = match(query)
    if condition is None:
        return None
    return SearchEntry.objects.filter(condition, kind=EntryKind.CASE).values("case_id")
