"""Reading the search index: ``search(user, query)`` finds cases (every kind, their comments and
progress reports), enterprises and meetings through the index (GIN on PostgreSQL, FTS5 on SQLite),
inside the user's scope (cases: ``visible_to`` and ``challenges_visible_to``; meetings: ``restrict``;
enterprises: every signed-in user, as the API's enterprise list), ranked by relevance (every word in the
reference or title, then in the title or main text, then anywhere with the comments and reports) then
recency. Each tier of relevance is a condition the index answers (``search.tokens.tier_queries``), read
newest first with a LIMIT, so a page costs what its hits cost, not what every match would (36,000 for
石英 at a million cases); ``similar_open_cases`` offers the open cases like a title being typed;
``highlight`` escapes first, then wraps matches in <mark>."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jinzhou.casework.pagination import planned_rows
from jinzhou.casework.selectors import pk_any
from jinzhou.casework.selectors import scope_q as case_scope_q
from meetings.models import Meeting
from projects.selectors import challenges_visible_to
from search.models import EntryKind, SearchEntry
from search.tokens import (
    TIERS,
    fts5_query,
    query_terms,
    query_tokens,
    tier_queries,
    title_pairs_query,
    tsquery,
)

# Text shown around the first match of a hit's main text or notes.
SNIPPET_CHARS = 80
MAX_LIMIT = 100
# The bigrams of a typed title compared with the open cases' (a long title: its first ones).
SIMILAR_TOKENS = 16
# Similar open cases: the newest this many sharing a run of the title, ranked by the bigrams shared.
SIMILAR_CANDIDATES = 100
NEWEST_FIRST = (F("recency").desc(nulls_last=True), F("id").desc())


class _TsMatch(Func):
    # document @@ to_tsquery('simple', %s): the tsvector column the GIN index is over.
    template = "%(expressions)s)"
    arg_joiner = " @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


class _Fts5Match(Func):
    # id IN (SELECT rowid FROM the FTS5 table WHERE it MATCHes %s).
    template = "%(expressions)s)"
    arg_joiner = " IN (SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH "
    output_field = BooleanField()


def _index(query: str) -> Func:
    """The index condition for a query in the index's own syntax (``search.tokens``)."""
    if connection.vendor == "postgresql":
        return _TsMatch(F("document"), Value(query))
    return _Fts5Match(F("id"), Value(query))


def _any_tier(tokens) -> str:
    return tsquery(tokens) if connection.vendor == "postgresql" else fts5_query(tokens)


def match(query: str) -> Func | None:
    """The index condition for ``query`` (its words anywhere), or None when it has no word to look for."""
    tokens = query_tokens(query)
    return _index(_any_tier(tokens)) if tokens else None


def scope_q(user, kinds=None) -> Q:
    """The entries ``user`` may see (of ``kinds``, all by default). A case's entry carries the case's
    scope columns, so ``visible_to``'s own rule (``casework.selectors.scope_q``) filters the entries
    directly: column conditions, plus the rule's probes for the rarer ties (co-handling, enterprises
    taking part); a challenge outside it is probed against ``challenges_visible_to`` (published ones,
    institutions' applications)."""
    kinds = set(kinds or EntryKind.values)
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    whole, parts = [], []
    if EntryKind.CASE in kinds:
        cases = case_scope_q(user, case="case_id")
        if not cases:  # an empty Q: every case (the office, the leading group)
            whole.append(EntryKind.CASE)
        else:
            challenges = Exists(challenges_visible_to(user).filter(pk=OuterRef("case_id")))
            parts.append(Q(kind=EntryKind.CASE) & (cases | (Q(case_kind="challenge") & challenges)))
    if EntryKind.ENTERPRISE in kinds:
        whole.append(EntryKind.ENTERPRISE)
    if EntryKind.MEETING in kinds:
        meetings = Meeting.objects.restrict(user, "view")
        if not meetings.query.where:
            whole.append(EntryKind.MEETING)
        else:
            parts.append(Q(kind=EntryKind.MEETING) & Exists(meetings.filter(pk=OuterRef("meeting_id"))))
    if len(whole) == len(EntryKind.values):
        return Q()
    q = Q(kind__in=whole) if whole else Q(pk__in=[])
    for part in parts:
        q |= part
    return q


def relevance(tokens):
    """3 when every word is in the reference or title, 2 in the title or main text, else 1."""
    tiers = [When(_index(query), then=Value(score)) for score, query in tier_queries(tokens, connection.vendor)[:2]]
    return When_(*tiers, default=Value(TIERS[-1][0]), output_field=IntegerField())


def entries(user, query: str, kinds=None) -> QuerySet:
    """Every matching entry in scope, best first (an empty queryset when the query has no word). For
    counting and checking; a page of hits is ``search``, which reads only the tiers it needs."""
    tokens = query_tokens(query)
    if not tokens:
        return SearchEntry.objects.none()
    return (
        SearchEntry.objects.filter(_index(_any_tier(tokens)))
        .filter(scope_q(user, kinds))
        .annotate(relevance=relevance(tokens))
        .order_by("-relevance", *NEWEST_FIRST)
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


def _hit(row: SearchEntry, terms: list[str], with_snippet: bool = True) -> Hit:
    return Hit(
        entry=row,
        kind=row.kind,
        case_kind=row.case_kind,
        title=highlight(row.title, terms),
        snippet=snippet(row, terms) if with_snippet else SafeString(""),
        url=_url(row, row.case_kind),
    )


def ranked(user, query: str, *, kinds=None, upto: int, only=None) -> list[SearchEntry]:
    """The first ``upto`` hits, best first, each with its ``relevance``: each tier newest first (the
    index's condition, the scope, ORDER BY recency LIMIT), the next tier read only while the page is
    short. ``only``: the fields to read (all but the document by default)."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    scope = scope_q(user, kinds)
    found: list[SearchEntry] = []
    for score, tier in tier_queries(tokens, connection.vendor):
        rows = SearchEntry.objects.filter(_index(tier)).filter(scope).order_by(*NEWEST_FIRST)
        if only:
            rows = rows.only(*only)
        for row in rows[: upto - len(found)]:
            row.relevance = score
            found.append(row)
        if len(found) >= upto:
            break
    return found


def search(user, query: str, *, kinds=None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """One page of hits for ``query``: a query per tier of relevance the page reaches (one when the
    titles fill it); past the first page the tiers read ids only, then one query reads the page's rows."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    terms = query_terms(query)
    if not offset:
        return [_hit(row, terms) for row in ranked(user, query, kinds=kinds, upto=limit)]
    page = [row.pk for row in ranked(user, query, kinds=kinds, upto=offset + limit, only=["id"])[offset:]]
    rows = SearchEntry.objects.in_bulk(page) if page else {}
    return [_hit(rows[pk], terms) for pk in page if pk in rows]


def similar_open_cases(user, title: str, *, limit: int = 5) -> list[Hit]:
    """The open cases in ``user``'s scope most like ``title`` (a bottleneck or task being typed): those
    whose title shares a run of it (two neighbouring bigrams), the newest ``SIMILAR_CANDIDATES``, ranked
    by the bigrams their title shares with it, then the newest."""
    tokens = [(token, False) for token, _prefix in query_tokens(title) if len(token) > 1][:SIMILAR_TOKENS]
    if not tokens:
        return []
    rows = list(
        SearchEntry.objects.filter(_index(title_pairs_query(tokens, connection.vendor)))
        .filter(kind=EntryKind.CASE, is_open=True)
        .filter(scope_q(user, [EntryKind.CASE]))
        .order_by(*NEWEST_FIRST)
        .only("id", "kind", "case_id", "case_kind", "code", "title", "recency")[:SIMILAR_CANDIDATES]
    )
    terms = [token for token, _prefix in tokens]
    shared = {row.pk: sum(term in row.title for term in terms) for row in rows}
    rows.sort(key=lambda row: -shared[row.pk])  # stable: the newest first among equals
    return [_hit(row, terms, with_snippet=False) for row in rows[: max(1, min(int(limit), 20))]]


# A word in at most this many cases (the planner's estimate) is read whole, first, for the case lists.
FEW_MATCHES = 10_000


def case_ids_matching(query: str) -> QuerySet | Q | None:
    """The cases whose text matches ``query`` (the engine's lists scope them themselves), or None when the
    query has no word to look for (``jinzhou.casework.text_search``). A subquery of their ids, which
    PostgreSQL reads by walking the list's own order and probing each case's entry (a common word: the
    first page comes after a few thousand probes); for a rarer word (``FEW_MATCHES``, by the index's
    statistics) ``pk = ANY(ids)``, the matches read once and the cases by primary key, where the walk
    would probe tens of thousands of cases to fill a page (集采 at a million: 181 → 57 ms)."""
    condition = match(query)
    if condition is None:
        return None
    ids = SearchEntry.objects.filter(condition, kind=EntryKind.CASE).values("case_id")
    planned = planned_rows(ids)  # None off PostgreSQL
    if planned is None or planned > FEW_MATCHES:
        return ids
    # Read once, here, and handed to the list as an array of ids: its page and its count then probe the
    # cases by primary key without reading the matches again (each read visits a row of the index's
    # table per match: 22 ms for 集采's 5,826 at a million), and the planner knows how many there are.
    found = list(ids.values_list("case_id", flat=True)[: 2 * FEW_MATCHES + 1])
    if len(found) > 2 * FEW_MATCHES:  # far more than the statistics said: walk the list's order instead
        return ids
    return pk_any(found)
