"""Admin of 揭榜挂帅: programmes and their criteria, experts, challenges (with the review panel:
eligibility, experts, ranking, the choice of winners, milestones), milestones, applications and
score sheets. Every write goes through ``projects.services`` or the case engine's ``transition``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinzhou.casework.admin.kind_admin import KindCaseAdmin
from jinzhou.casework.forms import REFUSALS, refusal_texts
from jinzhou.casework.presenter import CasePage, Panel
from jinzhou.org.admin.chart import sample_badge
from jinzhou.org.selectors import is_staff_of
from projects.admin.forms import (
    AssignExpertForm,
    ChallengeAddForm,
    EligibilityForm,
    MilestoneForm,
    MilestoneProgressForm,
    SelectForm,
)
from projects.admin.paper_applications import PAPER_APPLICATION_PANEL
from projects.choices import SCIENCE_BUREAU
from projects.models import (
    Challenge,
    ChallengeApplication,
    Expert,
    Milestone,
    Programme,
    ScoreSheet,
    ScoringCriterion,
)
from projects.selectors import challenges_visible_to, ranking
from projects.services import (
    add_milestone,
    assign_expert,
    check_eligibility,
    create_challenge,
    may_add_milestone,
    may_assign_experts,
    may_check_eligibility,
    may_report_milestone_progress,
    may_select_for_award,
    may_submit_scores,
    report_milestone_progress,
    select_for_award,
    submit_scores,
)


class ReviewersOnlyAdmin(admin.ModelAdmin):
    """Experts and their scores are the office's and the science-and-technology bureau's
    (``is_staff_of(user, SCIENCE_BUREAU)``), whatever model permissions a role group holds: others get 403 and do
    not see the model in the admin index."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU) and super().has_delete_permission(request, obj)


# --- master data -------------------------------------------------------------------------------------
class CriterionInline(admin.TabularInline):
    model = ScoringCriterion
    extra = 0
    fields = ["order", "name", "weight", "max_score"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_sample"]
    list_filter = ["year", "is_sample"]
    search_fields = ["name"]
    inlines = [CriterionInline]


@admin.register(Expert)
class ExpertAdmin(ReviewersOnlyAdmin):
    list_display = ["name", "title", "specialty", "user", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["name", "specialty"]
    autocomplete_fields = ["user", "enterprises", "institutions"]


# --- challenges --------------------------------------------------------------------------------------
def _review_panel(form_class, run, may) -> Panel:
    """A panel of the challenge's review, offered where the service's ``may`` says; its form lists
    the challenge's applications."""
    return Panel(
        form_class,
        run,
        offered=lambda page: may(page.case, page.user, mine=page.mine),
        fresh=lambda page: form_class(case=page.case),
    )


def _application(case, form):
    return case.applications.get(pk=form.cleaned_data.get("application"))


def _eligibility(request, case, form) -> str:
    application = check_eligibility(
        _application(case, form),
        actor=request.user,
        eligible=form.cleaned_data["decision"] == "eligible",
        note=form.cleaned_data.get("note", ""),
    )
    return _("%(unit)s: %(status)s.") % {"unit": application.lead_unit, "status": application.get_status_display()}


def _assign_expert(request, case, form) -> str:
    expert = form.cleaned_data.get("expert")
    if expert is None:
        raise ValidationError({"expert": _("Choose an expert.")})
    sheet = assign_expert(_application(case, form), expert, actor=request.user)
    return _("%(expert)s reviews %(unit)s.") % {"expert": sheet.expert.name, "unit": sheet.application.lead_unit}


def _select(request, case, form) -> str:
    application = select_for_award(_application(case, form), actor=request.user, reason=form.cleaned_data["reason"])
    return _("%(unit)s chosen for the award.") % {"unit": application.lead_unit}


def _milestone(request, case, form) -> str:
    data = form.cleaned_data
    application = case.applications.get(pk=data["application"]) if data.get("application") else None
    milestone = add_milestone(
        case,
        actor=request.user,
        title=data.get("title") or "",
        due_date=data.get("due_date"),
        due_in_working_days=data.get("due_in_working_days"),
        deliverable=data.get("deliverable") or "",
        application=application,
    )
    return _("Milestone %(reference)s added.") % {"reference": milestone.reference}


@admin.register(Challenge)
class ChallengeAdmin(KindCaseAdmin):
    add_form = ChallengeAddForm
    list_display = [
        "light_badge", "reference", "title", "programme", "chain", "due_display", "status_display", sample_badge
    ]  # fmt: skip
    list_filter = [*KindCaseAdmin.list_filter, "programme", "provenance"]
    list_select_related = ["chain", "responsible_department", "programme"]
    add_fields = (
        "title",
        "programme",
        "chain",
        "technical_problem",
        "target_indicators",
        "proposing_enterprise",
        "funding_wan",
        "description",
        "priority",
    )
    edit_fields = (
        "title",
        "description",
        "chain",
        "technical_problem",
        "target_indicators",
        "proposing_enterprise",
        "funding_wan",
        "priority",
    )
    panel_templates = ("admin/projects/panels/challenge.html",)
    contract_fields = [
        "programme", "window_opens_on", "applications_due_at", "contract_number", "contract_amount_wan",
        "contract_start", "contract_end", "award_reason", "rectification_note", "outcome_note", "provenance",
        "source_note",
    ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *self.contract_fields] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets.insert(1, (gettext_lazy("Window and contract"), {"fields": self.contract_fields}))
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU)

    def scoped(self, request: HttpRequest):
        # Published challenges are public to those who apply: the projects' one rule (the portal and
        # the API read it too), wider than the case scope.
        return challenges_visible_to(request.user)

    def create_case(self, request: HttpRequest, data: dict) -> Challenge:
        return create_challenge(
            actor=request.user,
            programme=data["programme"],
            title=data["title"],
            technical_problem=data["technical_problem"],
            target_indicators=data.get("target_indicators", ""),
            chain=data.get("chain"),
            proposing_enterprise=data.get("proposing_enterprise"),
            funding_wan=data.get("funding_wan"),
            description=data.get("description", ""),
            priority=data["priority"],
        )

    def extra_panels(self) -> dict[str, Panel]:
        return {
            "eligibility": _review_panel(EligibilityForm, _eligibility, may_check_eligibility),
            "expert": _review_panel(AssignExpertForm, _assign_expert, may_assign_experts),
            "select": _review_panel(SelectForm, _select, may_select_for_award),
            "milestone": _review_panel(MilestoneForm, _milestone, may_add_milestone),
            "paper": PAPER_APPLICATION_PANEL,
        }

    def extra_panel_context(self, request: HttpRequest, page: CasePage) -> dict:
        case = page.case
        return {
            # The weighted scores of every applicant: the reviewers' business, not the applicants'.
            "ranking": ranking(case) if is_staff_of(request.user, SCIENCE_BUREAU) else None,
            "applications": case.applications.restrict(request.user, "view").select_related(
                "lead_enterprise", "lead_institution"
            ),
            "milestones": Milestone.objects.filter(parent_id=case.pk).with_light(),
        }


# --- milestones --------------------------------------------------------------------------------------
def _milestone_progress(request, case, form) -> str:
    report = report_milestone_progress(
        case, actor=request.user, percent=form.cleaned_data.get("percent"), text=form.cleaned_data.get("text", "")
    )
    return _("Progress %(percent)d%% reported.") % {"percent": report.percent}


@admin.register(Milestone)
class MilestoneAdmin(KindCaseAdmin):
    edit_fields = ("title", "description", "deliverable", "priority")
    panel_templates = ("admin/projects/panels/milestone.html",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Milestones are added on their challenge's page, where the awarded team is known.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "parent", "progress"] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets[0][1]["fields"].extend(["parent", "progress"])
        return fieldsets

    def extra_panels(self) -> dict[str, Panel]:
        return {
            "progress": Panel(
                MilestoneProgressForm,
                _milestone_progress,
                offered=lambda page: may_report_milestone_progress(page.case, page.user, mine=page.mine),
            )
        }

    def extra_panel_context(self, request: HttpRequest, page: CasePage) -> dict:
        return {"milestone_reports": page.case.reports.select_related("reported_by")}


# --- applications and score sheets (read here; written on the challenge's page and by experts) -------
@admin.register(ChallengeApplication)
class ChallengeApplicationAdmin(admin.ModelAdmin):
    list_display = ["challenge", "lead_unit_display", "status", "budget_wan", "selected", "submitted_at"]
    list_filter = ["status", "selected", "challenge__programme"]
    search_fields = ["challenge__reference", "challenge__title", "lead_enterprise__name", "lead_institution__name"]
    list_select_related = ["challenge", "lead_enterprise", "lead_institution"]
    readonly_fields = [field.name for field in ChallengeApplication._meta.fields] + [
        "partner_enterprises",
        "partner_institutions",
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("lead unit"))
    def lead_unit_display(self, obj: ChallengeApplication) -> str:
        return str(obj.lead_unit)


class ScoreSheetForm(forms.ModelForm):
    """One score field per criterion of the programme; saving calls ``submit_scores``."""

    class Meta:
        model = ScoreSheet
        fields = ["comment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sheet = self.instance
        given = {score.criterion_id: score.score for score in sheet.scores.all()} if sheet.pk else {}
        self.criteria = list(sheet.application.challenge.programme.criteria.all()) if sheet.pk else []
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（{criterion.weight}）",
                min_value=0,
                max_value=criterion.max_score,
                initial=given.get(criterion.pk),
                help_text=_("0 to %(max)d") % {"max": criterion.max_score},
            )


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    """Experts see and score only their own sheets; the office and the science-and-technology bureau
    (``is_staff_of(user, SCIENCE_BUREAU)``) see the sheets of the challenges in their scope; nobody else sees any,
    not even an applicant the sheets of their own application."""

    form = ScoreSheetForm
    list_display = ["application", "expert", "status", "total", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["application__challenge", "application__lead_enterprise", "expert"]
    readonly_fields = ["application", "expert", "status", "total", "submitted_at"]

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        own = qs.filter(expert__user_id=request.user.pk)
        if not is_staff_of(request.user, SCIENCE_BUREAU):
            return own
        visible = qs.filter(application__in=ChallengeApplication.objects.restrict(request.user, "view"))
        return own | visible

    def _is_expert(self, request: HttpRequest) -> bool:
        return Expert.objects.filter(user_id=request.user.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU) or self._is_expert(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_of(request.user, SCIENCE_BUREAU) or self._is_expert(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Whether a save is accepted is submit_scores' decision; the form is offered to the expert and the office.
        if obj is not None and obj.expert.user_id == request.user.pk:
            return may_submit_scores(obj, request.user)
        return is_staff_of(request.user, SCIENCE_BUREAU) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ScoreSheet, form, change: bool) -> None:
        scores = {criterion.pk: form.cleaned_data[f"criterion_{criterion.pk}"] for criterion in form.criteria}
        try:
            submit_scores(obj, actor=request.user, scores=scores, comment=form.cleaned_data.get("comment", ""))
        except REFUSALS as error:
            messages.error(request, "；".join(refusal_texts(error)))
            raise _NotSaved from None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _NotSaved:
            return HttpResponseRedirect(request.path)

    def save_related(self, request, form, formsets, change) -> None:
        """The scores are written by submit_scores."""


class _NotSaved(Exception):
    """submit_scores refused: the message is shown, the page reloads, nothing was saved."""
