"""Filters of the org chart's API lists."""

import django_filters
from django.db.models import Q

from jinzhou.org.models import Department, Enterprise


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text in the name, short name or code.")

    class Meta:
        model = Department
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text in the name, short name or credit code.")
    chain = django_filters.CharFilter(field_name="chains__code", label="Chain code.", distinct=True)
    credit_code = django_filters.CharFilter(field_name="credit_code", lookup_expr="iexact")

    class Meta:
        model = Enterprise
        fields = ["above_designated_size"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(credit_code__icontains=value)
        )
