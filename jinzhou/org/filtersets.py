"""Filters of the org chart's API lists."""

import django_filters
from django.db.models import Q

from jinzhou.org.choices import Designation
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
    industry = django_filters.CharFilter(field_name="chains__industry__code", label="Industry code.", distinct=True)
    designation = django_filters.ChoiceFilter(
        field_name="designations__designation",
        choices=Designation.choices,
        label="Holds this designation (any level, any year).",
        distinct=True,
    )
    credit_code = django_filters.CharFilter(field_name="credit_code", lookup_expr="iexact")

    class Meta:
        model = Enterprise
        fields = ["above_designated_size"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(credit_code__icontains=value)
        )
