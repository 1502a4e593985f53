from rest_framework import serializers

from chains.choices import BottleneckKind, CapacityUnit, ReportCadence, Severity
from chains.models import Bottleneck, CapacityRow, ChainReport, ChainTask
from jinzhou.api.fields import id_list
from jinzhou.casework.api.serializers import CaseSerializer
from jinzhou.casework.choices import Priority
from jinzhou.org.api.serializers import DepartmentBriefSerializer, EnterpriseBriefSerializer
from jinzhou.org.models import Chain, ChainNode, ChainOwner, Department, Enterprise, Industry, IndustryCluster, SubField

# Small integers are declared with the bounds of the model field as PostgreSQL has them, so that
# the OpenAPI document does not depend on the database it was generated with (SQLite reports 2**63).
ORDER = {"min_value": 0, "max_value": 32767, "read_only": True}


class ClusterSerializer(serializers.ModelSerializer):
    """An industrial cluster (产业集群) above the industries; ``provenance`` says whether the article names it."""

    class Meta:
        model = IndustryCluster
        fields = ["code", "name", "provenance"]


class IndustrySerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(**ORDER)
    cluster = ClusterSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Industry
        fields = ["id", "code", "name", "cluster", "order", "description", "is_sample", "provenance"]


class SubFieldSerializer(serializers.ModelSerializer):
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    order = serializers.IntegerField(**ORDER)

    class Meta:
        model = SubField
        fields = ["id", "code", "name", "industry", "order", "is_sample", "provenance"]


class ChainNodeSerializer(serializers.ModelSerializer):
    enterprises = EnterpriseBriefSerializer(many=True, read_only=True)
    order = serializers.IntegerField(**ORDER)

    class Meta:
        model = ChainNode
        fields = ["id", "segment", "name", "order", "is_missing_link", "enterprises", "note"]


class OwnershipSerializer(serializers.ModelSerializer):
    """A chain owner (链主) with the provenance of its being one: named by the article or inferred."""

    enterprise = EnterpriseBriefSerializer(read_only=True)

    class Meta:
        model = ChainOwner
        fields = ["enterprise", "provenance"]


class LightCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()
    grey = serializers.IntegerField()


class ChainSerializer(serializers.ModelSerializer):
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subfield = serializers.SlugRelatedField(slug_field="code", read_only=True)
    leader_department = DepartmentBriefSerializer(read_only=True)
    owners = EnterpriseBriefSerializer(many=True, read_only=True, source="owner_enterprises")
    ownerships = OwnershipSerializer(many=True, read_only=True)
    nodes = ChainNodeSerializer(many=True, read_only=True)
    counts_by_light = serializers.SerializerMethodField(
        help_text="The caller's visible cases on this chain, by light (grey = closed)."
    )

    class Meta:
        model = Chain
        fields = [
            "id",
            "code",
            "name",
            "industry",
            "subfield",
            "leader_department",
            "leader_provenance",
            "owners",
            "ownerships",
            "nodes",
            "counts_by_light",
            "description",
            "is_sample",
            "provenance",
        ]

    def get_counts_by_light(self, chain) -> LightCountsSerializer:
        counts = self.context.get("light_counts", {}).get(chain.pk, {})
        return {light: counts.get(light, 0) for light in ("red", "yellow", "green", "grey")}


class BottleneckSerializer(CaseSerializer):
    affected_enterprises = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    severity = serializers.ChoiceField(choices=Severity.choices, read_only=True)

    class Meta(CaseSerializer.Meta):
        model = Bottleneck
        fields = [*CaseSerializer.Meta.fields, "bottleneck_kind", "severity", "affected_enterprises", "resolution"]


class BottleneckCreateSerializer(serializers.Serializer):
    """What a partner sends to report a bottleneck; it becomes a draft unless ``submit`` is true."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True, help_text="Chain code."
    )
    bottleneck_kind = serializers.ChoiceField(choices=BottleneckKind.choices, default=BottleneckKind.BLOCKAGE)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.SERIOUS)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    affected_enterprises = id_list(
        Enterprise.objects.all(),
        required=False,
        default=list,
        help_text="Enterprises the bottleneck affects; they may see it. An enterprise's key may name only its "
        "own enterprise (the office names others).",
    )
    reporter_enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        help_text="The enterprise that reported it, when the caller registers it on the enterprise's behalf.",
    )
    submit = serializers.BooleanField(default=False, help_text="Submit at once instead of keeping a draft.")


class BottleneckUpdateSerializer(serializers.Serializer):
    """The fields a reporter may change while the bottleneck is a draft (the office: at any time)."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True
    )
    bottleneck_kind = serializers.ChoiceField(choices=BottleneckKind.choices, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class ChainTaskSerializer(CaseSerializer):
    class Meta(CaseSerializer.Meta):
        model = ChainTask
        fields = [*CaseSerializer.Meta.fields, "expected_output", "report_cadence", "progress"]


class ChainTaskCreateSerializer(serializers.Serializer):
    """A chain task assigned to a chain-leader department with a deadline (a date or working days)."""

    title = serializers.CharField(max_length=200)
    chain = serializers.SlugRelatedField(slug_field="code", queryset=Chain.objects.all(), help_text="Chain code.")
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), help_text="Code of the responsible department."
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    due_in_working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    expected_output = serializers.CharField(required=False, allow_blank=True, default="")
    report_cadence = serializers.ChoiceField(choices=ReportCadence.choices, default=ReportCadence.MONTHLY)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)


AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class CapacityRowSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseBriefSerializer(read_only=True)
    unit = serializers.ChoiceField(choices=CapacityUnit.choices, read_only=True)

    class Meta:
        model = CapacityRow
        fields = ["enterprise", "product", "current_capacity", "planned_capacity", "unit"]


class ChainReportSerializer(CaseSerializer):
    """A chain's operation report (产业链运行监测): amounts in 亿元 (two decimals), counts in 户 and 件."""

    capacities = CapacityRowSerializer(many=True, read_only=True)
    period_label = serializers.CharField(read_only=True)
    # Declared, so the schema is the same on every database (a model's integer range depends on the backend).
    above_scale_enterprises = serializers.IntegerField(read_only=True, allow_null=True, min_value=0, help_text="户")
    bottlenecks_solved = serializers.IntegerField(read_only=True, allow_null=True, min_value=0, help_text="件")

    class Meta(CaseSerializer.Meta):
        model = ChainReport
        fields = [
            *CaseSerializer.Meta.fields,
            "cadence",
            "period_start",
            "period_end",
            "period_label",
            "output_value",
            "above_scale_enterprises",
            "investment_in_progress",
            "bottlenecks_solved",
            "narrative",
            "capacities",
            "is_sample",
        ]


class CapacityInputSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    product = serializers.CharField(max_length=80)
    current_capacity = serializers.DecimalField(**AMOUNT)
    planned_capacity = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)
    unit = serializers.ChoiceField(choices=CapacityUnit.choices)


class ChainReportFiguresSerializer(serializers.Serializer):
    """The figures the chain-leader department fills in (all optional in a draft; ``submit`` needs them
    all). ``capacities``, when given, replaces the report's rows."""

    output_value = serializers.DecimalField(required=False, allow_null=True, help_text="亿元", **AMOUNT)
    above_scale_enterprises = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2147483647, help_text="户"
    )
    investment_in_progress = serializers.DecimalField(required=False, allow_null=True, help_text="亿元", **AMOUNT)
    bottlenecks_solved = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2147483647, help_text="件"
    )
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    capacities = CapacityInputSerializer(many=True, required=False, max_length=20)
