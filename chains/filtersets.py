"""Filters of the chains' API lists; the case filters come from ``casework.filtersets``."""

import django_filters

from chains.models import Bottleneck, ChainReport, ChainTask
from jinzhou.casework.filtersets import CaseFilterSet
from jinzhou.org.models import Chain, SubField


class SubFieldFilterSet(django_filters.FilterSet):
    industry = django_filters.CharFilter(field_name="industry__code", help_text="Industry code.")

    class Meta:
        model = SubField
        fields = ["industry"]


class ChainFilterSet(django_filters.FilterSet):
    industry = django_filters.CharFilter(field_name="industry__code", help_text="Industry code.")
    subfield = django_filters.CharFilter(field_name="subfield__code", help_text="Sub-field code.")
    department = django_filters.CharFilter(field_name="leader_department__code", help_text="Chain-leader department.")

    class Meta:
        model = Chain
        fields = ["industry", "subfield", "department"]


class BottleneckFilterSet(CaseFilterSet):
    class Meta(CaseFilterSet.Meta):
        model = Bottleneck
        fields = [*CaseFilterSet.Meta.fields, "bottleneck_kind", "severity"]


class ChainTaskFilterSet(CaseFilterSet):
    class Meta(CaseFilterSet.Meta):
        model = ChainTask
        fields = [*CaseFilterSet.Meta.fields, "report_cadence"]


class ChainReportFilterSet(CaseFilterSet):
    period_start = django_filters.DateFilter(help_text="First day of the month or quarter reported.")

    class Meta(CaseFilterSet.Meta):
        model = ChainReport
        fields = [*CaseFilterSet.Meta.fields, "cadence", "period_start"]
