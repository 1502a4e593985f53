"""The seam through which the case lists' text search (the admin's search box, the API's ``q=``) is
served by an index an app above the engine keeps (``search``: Chinese bigrams, GIN / FTS5), without
the engine naming it. The app registers ``matcher(query) -> QuerySet of case ids | Q | None`` in its
``AppConfig.ready`` (a Q when it knows a better way to read the matches than ``pk IN``); without one, or
for a query with no word, the lists fall back to ``icontains``."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

_MATCHER: list[Callable[[str], QuerySet | Q | None]] = []


def register(matcher: Callable[[str], QuerySet | Q | None]) -> None:
    _MATCHER[:] = [matcher]


def case_text_q(query: str, fallback: tuple[str, ...] = ("reference", "title", "description")) -> Q:
    """The cases whose text matches ``query``: through the index when one is registered."""
    query = (query or "").strip()
    ids = _MATCHER[0](query) if _MATCHER and query else None
    if isinstance(ids, Q):
        return ids
    if ids is not None:
        return Q(pk__in=ids)
    q = Q()
    for name in fallback:
        q |= Q(**{f"{name}__icontains": query})
    return q
