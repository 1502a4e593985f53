"""Filters of the alliances' API lists, on top of the case filters (status, light, department, sync)."""

import django_filters

from alliances.choices import Tier
from alliances.models import Alliance, AllianceEvaluation
from jinzhou.casework.filtersets import CaseFilterSet


class AllianceFilterSet(CaseFilterSet):
    industry_chain = django_filters.CharFilter(field_name="industry_chain__code", help_text="Code of the chain served.")
    lead_enterprise = django_filters.NumberFilter(field_name="lead_enterprise_id", help_text="Lead member's id.")
    typical_batch = django_filters.CharFilter(help_text="e.g. 2022年第一批.")
    grade_a = django_filters.BooleanFilter()
    removal_flagged = django_filters.BooleanFilter()
    is_sample = django_filters.BooleanFilter()

    class Meta(CaseFilterSet.Meta):
        model = Alliance
        fields = [*CaseFilterSet.Meta.fields, "industry_chain", "lead_enterprise", "typical_batch", "grade_a"]


class AllianceEvaluationFilterSet(CaseFilterSet):
    alliance = django_filters.NumberFilter(field_name="alliance_id", help_text="The alliance's id.")
    year = django_filters.NumberFilter()
    tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, help_text="Activity tier; repeat for several.")
    result_final = django_filters.BooleanFilter(help_text="Whether the panel review (会评) has confirmed it.")

    class Meta(CaseFilterSet.Meta):
        model = AllianceEvaluation
        fields = [*CaseFilterSet.Meta.fields, "alliance", "year", "tier", "result_final"]
