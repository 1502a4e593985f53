"""/portal/search/?q=石英: one search over the cases, enterprises and meetings the visitor may see
(``search.selectors.search``: through the index, best first, matches in <mark>); and
/portal/search/similar/?title=…: the open cases like a title being typed, as JSON, so the report form
(and the admin's task form) can offer them before the same problem is reported twice."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jinzhou.casework.kinds import all_kinds
from jinzhou.portal.views.common import portal_login_required
from search.models import EntryKind
from search.selectors import search, similar_open_cases

PER_PAGE = 30
MAX_QUERY_CHARS = 100
MAX_OFFSET = 3000


def _offset(value) -> int:
    try:
        return min(max(int(value or 0), 0), MAX_OFFSET)
    except (TypeError, ValueError):
        return 0


@portal_login_required
def search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    offset = _offset(request.GET.get("offset"))
    hits = search(request.user, query, limit=PER_PAGE + 1, offset=offset) if query else []
    labels = {**dict(EntryKind.choices), **{spec.code: spec.label for spec in all_kinds()}}
    for hit in hits:
        hit.kind_label = labels.get(hit.case_kind or hit.kind, "")
    context = {
        "query": query,
        "hits": hits[:PER_PAGE],
        "offset": offset,
        "next_offset": offset + PER_PAGE if len(hits) > PER_PAGE else None,
        "previous_offset": max(offset - PER_PAGE, 0) if offset else None,
        "nav": "search",
    }
    return render(request, "portal/search.html", context)


@portal_login_required
def similar_view(request: HttpRequest) -> JsonResponse:
    title = request.GET.get("title", "").strip()[:MAX_QUERY_CHARS]
    hits = similar_open_cases(request.user, title) if len(title) >= 2 else []
    heading = _("Open cases like this one: if yours is among them, add to it instead of reporting it again.")
    results = [{"reference": h.entry.code, "title": h.entry.title, "url": h.url} for h in hits]
    return JsonResponse({"heading": heading, "results": results})
