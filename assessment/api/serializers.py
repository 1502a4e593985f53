from rest_framework import serializers

from assessment.models import Assessment, AssessmentRow


class TargetProgressSerializer(serializers.Serializer):
    """One target with its actual from the records (never typed) and its progress (docs/metrics.md)."""

    id = serializers.IntegerField(source="target.pk")
    year = serializers.IntegerField(source="target.year")
    unit_kind = serializers.CharField(source="target.unit_kind", help_text="department, park or chain")
    unit_id = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    indicator = serializers.CharField(source="target.indicator")
    indicator_label = serializers.CharField(source="target.get_indicator_display")
    target = serializers.DecimalField(source="target.value", max_digits=12, decimal_places=2)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True, help_text="actual ÷ target")
    schedule = serializers.DecimalField(max_digits=4, decimal_places=1, help_text="时序进度: share of the year elapsed")
    met = serializers.BooleanField()
    behind = serializers.BooleanField(help_text="behind schedule (滞后)")
    is_sample = serializers.BooleanField(source="target.is_sample")

    def get_unit_id(self, progress) -> int:
        return progress.target.unit.pk

    def get_unit(self, progress) -> str:
        return str(progress.target.unit)


class AssessmentRowSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()
    figures = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))

    class Meta:
        model = AssessmentRow
        fields = ["department_id", "department", "rank", "total", "figures"]

    # Declared, so the schema is the same on every database (a model's integer range depends on the backend).
    rank = serializers.IntegerField(read_only=True, allow_null=True)


class AssessmentSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.name")
    lines = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    rows = AssessmentRowSerializer(many=True)

    class Meta:
        model = Assessment
        fields = ["id", "year", "scheme", "status", "as_of", "published_at", "lines", "rows"]

    year = serializers.IntegerField(read_only=True)
