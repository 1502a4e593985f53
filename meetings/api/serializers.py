from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chains.models import Bottleneck, ChainTask
from jinzhou.api.fields import code_list, id_list
from jinzhou.casework.selectors import light_of
from jinzhou.org.api.serializers import DepartmentBriefSerializer
from jinzhou.org.models import Chain, Department, Enterprise
from jinzhou.org.selectors import display_name
from meetings.choices import MeetingKind
from meetings.models import Decision, Meeting
from meetings.selectors import standing
from meetings.services import MAX_DECISIONS, check_decision


class DecisionCaseSerializer(serializers.ModelSerializer):
    """The case a decision is tracked as, with its state and light."""

    chain = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="Chain code.")
    responsible_department = DepartmentBriefSerializer(read_only=True, allow_null=True)
    status_label = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField(help_text="red overdue, yellow due soon, green, grey closed.")

    class Meta:
        model = ChainTask
        fields = [
            "id", "reference", "status", "status_label", "is_open", "light", "chain", "responsible_department",
            "due_at", "closed_at", "parent",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status_label(self, task) -> str:
        return str(task.status_label)

    def get_light(self, task) -> str:
        return light_of(task)


class DecisionSerializer(serializers.ModelSerializer):
    case = DecisionCaseSerializer(source="task", read_only=True)
    standing = serializers.SerializerMethodField(help_text="on_time, overdue or closed.")

    class Meta:
        model = Decision
        fields = ["number", "text", "standing", "case"]
        read_only_fields = fields

    def get_standing(self, decision) -> str:
        from django.utils import timezone

        return standing(decision.task, timezone.now())


class MeetingSerializer(serializers.ModelSerializer):
    meeting_kind = serializers.ChoiceField(source="kind", choices=MeetingKind.choices, read_only=True)
    chair = serializers.SerializerMethodField()
    attendees = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="User ids.")
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    chains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    enterprises = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "meeting_kind", "date", "title", "chair", "attendees", "departments", "chains", "enterprises",
            "summary", "decisions", "is_sample", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_chair(self, meeting) -> str | None:
        return display_name(meeting.chair)


class DecisionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200)
    chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True,
        help_text="Chain code; with a bottleneck, that bottleneck's chain by default.",
    )  # fmt: skip
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), help_text="The lead department's code."
    )
    co_departments = code_list(Department.objects.all(), required=False, default=list)
    due_in_working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    due_date = serializers.DateField(required=False, allow_null=True)
    bottleneck = serializers.PrimaryKeyRelatedField(
        queryset=Bottleneck.objects.all(), required=False, allow_null=True,
        help_text="An open bottleneck the decision acts on (the task's parent).",
    )  # fmt: skip

    def validate(self, attrs):
        try:
            check_decision(self.context["request"].user, attrs)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class MeetingCreateSerializer(serializers.Serializer):
    meeting_kind = serializers.ChoiceField(source="kind", choices=MeetingKind.choices)
    date = serializers.DateField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    chair = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    attendees = id_list(get_user_model().objects.filter(is_active=True), required=False, default=list)
    departments = code_list(Department.objects.all(), required=False, default=list)
    chains = code_list(Chain.objects.all(), required=False, default=list)
    enterprises = id_list(Enterprise.objects.all(), required=False, default=list)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = DecisionCreateSerializer(many=True, required=False, default=list, max_length=MAX_DECISIONS)
