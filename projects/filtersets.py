"""Filters of the projects' API lists; the case filters come from ``casework.filtersets``."""

import django_filters

from jinzhou.casework.filtersets import CaseFilterSet
from projects.choices import ActivityKind, ApplicationStatus, LeaderLevel
from projects.models import AwardApplication, Challenge, ChallengeApplication, InvestmentActivity, InvestmentProject


class ChallengeFilterSet(CaseFilterSet):
    programme = django_filters.CharFilter(field_name="programme__name", help_text="Programme name.")

    class Meta(CaseFilterSet.Meta):
        model = Challenge
        fields = [*CaseFilterSet.Meta.fields, "programme"]


class ChallengeApplicationFilterSet(django_filters.FilterSet):
    challenge = django_filters.NumberFilter(field_name="challenge_id", help_text="Challenge id.")
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, help_text="Repeat for several.")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = ChallengeApplication
        fields = ["challenge", "status"]


class InvestmentActivityFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after (YYYY-MM-DD).")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before (YYYY-MM-DD).")
    leader_level = django_filters.MultipleChoiceFilter(choices=LeaderLevel.choices)
    activity_kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices)
    industry = django_filters.CharFilter(field_name="industry__code", help_text="Industry code.")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = InvestmentActivity
        fields = ["leader_level", "activity_kind", "industry", "is_sample"]


class InvestmentProjectFilterSet(CaseFilterSet):
    park = django_filters.CharFilter(field_name="park__name", help_text="Park name.")

    class Meta(CaseFilterSet.Meta):
        model = InvestmentProject
        fields = [*CaseFilterSet.Meta.fields, "project_type", "park", "is_sample"]


class AwardApplicationFilterSet(CaseFilterSet):
    class Meta(CaseFilterSet.Meta):
        model = AwardApplication
        fields = [*CaseFilterSet.Meta.fields, "category", "year", "prize", "is_sample"]
