from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from search.models import EntryKind


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices, help_text=_("case, enterprise or meeting"))
    id = serializers.IntegerField(help_text=_("The case's, enterprise's or meeting's id."))
    case_kind = serializers.CharField(help_text=_("For a case, its kind (bottleneck, challenge, …); else empty."))
    code = serializers.CharField(help_text=_("The case's reference or the enterprise's credit code."))
    title = serializers.CharField()
    title_html = serializers.CharField(help_text=_("The title escaped, the matched words in <mark>."))
    snippet_html = serializers.CharField(help_text=_("Text around the first match, escaped, matches in <mark>."))
    url = serializers.CharField(help_text=_("The portal's page, if it has one."))
    date = serializers.DateTimeField(allow_null=True)


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = HitSerializer(many=True)
    next_offset = serializers.IntegerField(allow_null=True, help_text=_("Offset of the next page, if any."))
