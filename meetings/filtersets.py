import django_filters

from meetings.choices import MeetingKind
from meetings.models import Meeting


class MeetingFilterSet(django_filters.FilterSet):
    meeting_kind = django_filters.MultipleChoiceFilter(field_name="kind", choices=MeetingKind.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after (YYYY-MM-DD).")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before (YYYY-MM-DD).")
    chain = django_filters.CharFilter(field_name="chains__code", distinct=True, help_text="Chain code.")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Meeting
        fields = ["is_sample"]
