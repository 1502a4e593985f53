"""How alliances and their evaluations look in the API (the case fields plus their own)."""

from rest_framework import serializers

from alliances.choices import Indicator, MemberRole, Tier
from alliances.models import Alliance, AllianceEvaluation, AllianceMember, JointProject
from jinzhou.casework.api.serializers import CaseSerializer
from jinzhou.org.api.serializers import EnterpriseBriefSerializer
from jinzhou.org.models import Chain, Enterprise


class AllianceMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField(help_text="enterprise, university or institute.")

    class Meta:
        model = AllianceMember
        fields = ["id", "name", "kind", "enterprise", "institution", "role", "joined_on", "left_on"]

    def get_name(self, member) -> str:
        return member.party.name

    def get_kind(self, member) -> str:
        return "enterprise" if member.enterprise_id else member.institution.kind


class JointProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = JointProject
        fields = ["id", "title", "programme", "description", "url", "case"]


class AllianceSerializer(CaseSerializer):
    industry_chain = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Chain served."
    )
    lead_enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    members = AllianceMemberSerializer(many=True, read_only=True)
    joint_projects = JointProjectSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        model = Alliance
        fields = [
            *CaseSerializer.Meta.fields,
            "industry_chain",
            "lead_enterprise",
            "contract_number",
            "contract_signed_on",
            "contract_expires_on",
            "market_goals",
            "shared_platforms",
            "applied_on",
            "recommended_on",
            "approved_on",
            "approval_document",
            "typical_batch",
            "typical_selected_on",
            "dissolved_on",
            "grade_a",
            "removal_flagged",
            "removal_flagged_year",
            "members",
            "joint_projects",
            "is_sample",
            "source_note",
        ]
        read_only_fields = fields


class AllianceCreateSerializer(serializers.Serializer):
    """A formation application; a lead member's key applies for its own enterprise's alliance."""

    title = serializers.CharField(max_length=200, help_text="The alliance's name.")
    lead_enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False)
    industry_chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True, help_text="Chain code."
    )
    description = serializers.CharField(required=False, allow_blank=True)
    market_goals = serializers.CharField(required=False, allow_blank=True)
    shared_platforms = serializers.CharField(required=False, allow_blank=True)
    contract_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    contract_signed_on = serializers.DateField(required=False, allow_null=True)
    contract_expires_on = serializers.DateField(required=False, allow_null=True)
    submit = serializers.BooleanField(default=False, help_text="Submit at once instead of keeping a draft.")


class AllianceUpdateSerializer(serializers.Serializer):
    """The record's fields; the lead member's key may not change the lead member, chain or contact."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    market_goals = serializers.CharField(required=False, allow_blank=True)
    shared_platforms = serializers.CharField(required=False, allow_blank=True)
    contract_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    contract_signed_on = serializers.DateField(required=False, allow_null=True)
    contract_expires_on = serializers.DateField(required=False, allow_null=True)
    industry_chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True
    )
    lead_enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False)


class AllianceMemberCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(required=False, min_value=1)
    institution = serializers.IntegerField(required=False, min_value=1)
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = serializers.DateField(required=False, allow_null=True)


class ScoresSerializer(serializers.Serializer):
    innovation = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    performance = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    service = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    operation = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    benefit_sharing = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class AllianceEvaluationSerializer(CaseSerializer):
    self_scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        read_only=True,
        help_text="The lead member's self-assessment scores by indicator: " + ", ".join(Indicator.values) + ".",
    )
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        read_only=True,
        help_text="The reviewers' scores by indicator (the self-assessment's until they change them).",
    )
    tier = serializers.ChoiceField(
        choices=Tier.choices, allow_blank=True, read_only=True, help_text="Empty until the evaluation is scored."
    )

    class Meta(CaseSerializer.Meta):
        model = AllianceEvaluation
        fields = [
            *CaseSerializer.Meta.fields,
            "alliance",
            "year",
            "self_report",
            "self_scores",
            "scores",
            "submitted_at",
            "submitted_due_at",
            "submitted_on_time",
            "total",
            "tier",
            "weights_used",
            "result_final",
            "earns_grade_a",
            "flags_removal",
        ]
        read_only_fields = fields


class AllianceEvaluationCreateSerializer(serializers.Serializer):
    """Ask an approved alliance for its self-assessment of a year by a deadline (a date or working days)."""

    alliance = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    due_date = serializers.DateField(required=False, allow_null=True)
    due_in_working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)


class SelfAssessmentSerializer(serializers.Serializer):
    report = serializers.CharField()
    scores = ScoresSerializer()


class ReviewScoresSerializer(serializers.Serializer):
    scores = ScoresSerializer()
    note = serializers.CharField(required=False, allow_blank=True, default="")
