"""``GET /api/v1/search/?q=石英``: one search across the cases (with comments and progress reports),
enterprises and meetings the caller may see, best first, through the index (``search.selectors``).
A key searches the kinds its scopes read (cases:read, enterprises:read, meetings:read)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from jinzhou.api.authentication import api_key_of
from jinzhou.api.views import ApiViewMixin
from search.api.serializers import SearchResultsSerializer
from search.models import EntryKind
from search.selectors import MAX_LIMIT, search

RESOURCES = {EntryKind.CASE: "cases", EntryKind.ENTERPRISE: "enterprises", EntryKind.MEETING: "meetings"}
MAX_QUERY_CHARS = 100


def _int(value, default: int, name: str, most: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: [_("Give a whole number.")]}) from None
    if not 0 <= number <= most:
        raise ValidationError({name: [_("Give a number from 0 to %(most)s.") % {"most": most}]})
    return number


class SearchView(ApiViewMixin, APIView):
    api_resource = "cases"

    @extend_schema(
        summary="Search cases, enterprises and meetings (Chinese words of two characters or more)",
        parameters=[
            OpenApiParameter("q", str, required=True, description="The words to find, e.g. 石英"),
            OpenApiParameter("kind", str, description="case, enterprise or meeting (default: all)"),
            OpenApiParameter("limit", int, description=f"Hits per page, 1 to {MAX_LIMIT} (default 20)"),
            OpenApiParameter("offset", int, description="Hits to skip (default 0)"),
        ],
        responses={200: SearchResultsSerializer},
    )
    def get(self, request):
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": [_("Give the words to search for.")]})
        if len(query) > MAX_QUERY_CHARS:
            raise ValidationError({"q": [_("At most %(n)s characters.") % {"n": MAX_QUERY_CHARS}]})
        kind = request.query_params.get("kind", "")
        if kind and kind not in EntryKind.values:
            raise ValidationError({"kind": [_("One of: %(kinds)s.") % {"kinds": ", ".join(EntryKind.values)}]})
        kinds = [kind] if kind else list(EntryKind.values)
        key = api_key_of(request)
        if key is not None:
            kinds = [k for k in kinds if key.allows(RESOURCES[k], "read")]
        limit = max(1, _int(request.query_params.get("limit"), 20, "limit", MAX_LIMIT))
        offset = _int(request.query_params.get("offset"), 0, "offset", 10_000)
        hits = search(request.user, query, kinds=kinds, limit=limit + 1, offset=offset) if kinds else []
        results = [
            {
                "kind": hit.kind,
                "id": hit.entry.case_id or hit.entry.enterprise_id or hit.entry.meeting_id,
                "case_kind": hit.case_kind,
                "code": hit.entry.code,
                "title": hit.entry.title,
                "title_html": str(hit.title),
                "snippet_html": str(hit.snippet),
                "url": hit.url,
                "date": hit.entry.recency,
            }
            for hit in hits[:limit]
        ]
        next_offset = offset + limit if len(hits) > limit else None
        data = {"query": query, "results": results, "next_offset": next_offset}
        return Response(SearchResultsSerializer(data).data)
