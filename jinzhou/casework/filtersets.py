"""Filters of the API's case lists (all kinds, and each kind's own list)."""

from functools import reduce
from operator import or_

import django_filters
from django.utils import timezone

from jinzhou.casework.choices import Light
from jinzhou.casework.kinds import all_statuses, kind_choices
from jinzhou.casework.models import Case
from jinzhou.casework.selectors import light_q


class CaseFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=all_statuses, help_text="Status code; repeat for several.")
    kind = django_filters.MultipleChoiceFilter(choices=kind_choices, help_text="Kind code; repeat for several.")
    light = django_filters.MultipleChoiceFilter(
        choices=Light.choices, method="filter_light", help_text="red, yellow, green or grey; repeat for several."
    )
    chain = django_filters.CharFilter(field_name="chain__code", help_text="Chain code, e.g. MT-01.")
    industry = django_filters.CharFilter(field_name="chain__industry__code", help_text="Industry code.")
    department = django_filters.CharFilter(
        field_name="responsible_department__code", help_text="Code of the responsible department."
    )
    due_before = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="lt", help_text="Deadline before.")
    due_after = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="gte", help_text="Deadline from.")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this moment (ISO 8601)."
    )
    q = django_filters.CharFilter(
        method="search",
        help_text=(
            "Words in the reference, title, description, comments or progress reports "
            "(found through the search index: 石英 as well as DD-2026)."
        ),
    )

    class Meta:
        model = Case
        fields = ["status", "kind", "light", "chain", "industry", "department"]

    def filter_light(self, queryset, name, values):
        if not values:
            return queryset
        now = timezone.now()
        return queryset.filter(reduce(or_, (light_q(light, now) for light in values)))

    def search(self, queryset, name, value):
        from jinzhou.casework.text_search import case_text_q

        return queryset.filter(case_text_q(value))
