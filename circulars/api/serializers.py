"""The circular's figures as the API returns them (``circulars.selectors.circular_figures``): read only,
rates as decimal strings with one decimal ("87.5", null without a denominator)."""

from rest_framework import serializers


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()


class PreviousSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    closed_with_deadline = serializers.IntegerField()
    on_time_rate = serializers.CharField(allow_null=True, help_text="按期办结率 of the previous period (%)")
    notices_issued = serializers.IntegerField()


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The department's or chain's id (null: none)")
    name = serializers.CharField(allow_blank=True)
    received = serializers.IntegerField(help_text="Cases opened in the period")
    closed = serializers.IntegerField(help_text="Cases closed in the period")
    closed_with_deadline = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    open_with_deadline = serializers.IntegerField()
    open_overdue = serializers.IntegerField(help_text="Open cases past their deadline now")
    on_time_rate = serializers.CharField(allow_null=True, help_text="按期办结率 (%)")
    overdue_rate = serializers.CharField(allow_null=True, help_text="逾期率 now (%)")
    notices_issued = serializers.IntegerField(help_text="督办 notices issued in the period")
    notices_acknowledged = serializers.IntegerField(help_text="… of which acknowledged")
    previous = PreviousSerializer()
    on_time_rate_change = serializers.CharField(allow_null=True, help_text="Change in percentage points, e.g. +3.5")


class TotalsSerializer(RowSerializer):
    id = None
    name = None


class RankedSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="null: too few cases to rank")
    id = serializers.IntegerField()
    name = serializers.CharField()
    rate = serializers.CharField(allow_null=True)
    base = serializers.IntegerField(help_text="The cases with a deadline the rate counts")


class RankingSerializer(serializers.Serializer):
    minimum = serializers.IntegerField()
    ranked = RankedSerializer(many=True)
    unranked = RankedSerializer(many=True)


class RankingsSerializer(serializers.Serializer):
    on_time = RankingSerializer()
    overdue = RankingSerializer()


class OverdueRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    department = serializers.CharField(allow_blank=True)
    chain = serializers.CharField(allow_blank=True)
    person = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField()
    working_days_overdue = serializers.IntegerField()
    latest_progress = serializers.CharField(allow_blank=True)
    latest_at = serializers.CharField(allow_blank=True)


class OverdueSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    rows = OverdueRowSerializer(many=True)


class CircularFiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    now = serializers.DateTimeField()
    departments = RowSerializer(many=True)
    chains = RowSerializer(many=True)
    totals = TotalsSerializer()
    ranking = RankingsSerializer()
    overdue = OverdueSerializer()
    extra_sections = serializers.ListField(child=serializers.DictField(), help_text="Further sections (targets…)")
