"""Admin of the annual evaluations (lights, filters, buttons, the scores panel) and of the indicator
weights. Opening an evaluation calls ``open_evaluation``; the self-assessment and the reviewers'
scores are panels that call ``record_self_assessment`` / ``record_review_scores``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from alliances.admin.forms import EvaluationAddForm, ReviewScoresForm, SelfAssessmentForm
from alliances.choices import BUREAU_CODE, Indicator
from alliances.models import Alliance, AllianceEvaluation, IndicatorWeights
from alliances.scoring import weights_for
from alliances.services import (
    evaluable_alliances,
    may_record_review_scores,
    may_record_self_assessment,
    open_evaluation,
    record_review_scores,
    record_self_assessment,
)
from jinzhou.casework.admin.filters import LightFilter, OverdueFilter, StatusFilter
from jinzhou.casework.admin.kind_admin import KindCaseAdmin
from jinzhou.casework.admin.panels import admin_url
from jinzhou.casework.presenter import CasePage, Panel
from jinzhou.org.selectors import is_staff_of

RESULT_FIELDS = (
    "submitted_at",
    "submitted_due_at",
    "submitted_on_time",
    "total_display",
    "tier",
    "result_final",
    "earns_grade_a",
    "flags_removal",
)


def _self_assessment(request, evaluation, form) -> str:
    record_self_assessment(
        evaluation,
        actor=request.user,
        report=form.cleaned_data.get("report", ""),
        scores=form.scores(),
        version=form.cleaned_data["version"],
    )
    return _("Self-assessment saved. Submit it when it is complete.")


def _review_scores(request, evaluation, form) -> str:
    record_review_scores(
        evaluation,
        actor=request.user,
        scores=form.scores(),
        version=form.cleaned_data["version"],
        note=form.cleaned_data.get("note", ""),
    )
    return _("Review scores saved.")


@admin.register(AllianceEvaluation)
class AllianceEvaluationAdmin(KindCaseAdmin):
    add_form = EvaluationAddForm
    add_fields = ("alliance", "year", "due_date", "due_in_working_days")
    edit_fields = ("title", "description")
    list_display = [
        "light_badge",
        "reference",
        "alliance",
        "year",
        "due_display",
        "status_display",
        "total_display",
        "tier",
        "result_final",
    ]
    list_display_links = ["reference"]
    list_filter = [StatusFilter, LightFilter, OverdueFilter, "year", "tier", "result_final"]
    list_select_related = ["alliance", "responsible_department"]
    search_fields = ["reference", "title", "alliance__title"]
    panel_templates = ("admin/alliances/panels/evaluation.html",)

    @admin.display(description=gettext_lazy("total"), ordering="total")
    def total_display(self, obj: AllianceEvaluation) -> str:
        return obj.total_display or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, BUREAU_CODE)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "alliance" in form.base_fields:
            # Only approved alliances the visitor may see are evaluated.
            form.base_fields["alliance"].queryset = evaluable_alliances(request.user)
        return form

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets[0][1]["fields"][3:3] = ["alliance", "year"]
            fieldsets.insert(1, (gettext_lazy("Result"), {"fields": list(RESULT_FIELDS)}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return [*fields, "alliance", "year", *RESULT_FIELDS]

    def create_case(self, request: HttpRequest, data: dict) -> AllianceEvaluation:
        return open_evaluation(
            data["alliance"],
            actor=request.user,
            year=data["year"],
            due_date=data.get("due_date"),
            due_in_working_days=data.get("due_in_working_days"),
        )

    def extra_panels(self) -> dict[str, Panel]:
        return {
            "self": Panel(
                SelfAssessmentForm,
                _self_assessment,
                offered=lambda page: may_record_self_assessment(page.case, page.user, mine=page.mine),
                fresh=lambda page: SelfAssessmentForm(
                    initial={"version": page.version, "report": page.case.self_report}, scores=page.case.self_scores
                ),
            ),
            "review": Panel(
                ReviewScoresForm,
                _review_scores,
                offered=lambda page: may_record_review_scores(page.case, page.user, mine=page.mine),
                fresh=lambda page: ReviewScoresForm(initial={"version": page.version}, scores=page.case.scores),
            ),
        }

    def extra_panel_context(self, request: HttpRequest, page: CasePage) -> dict:
        case = page.case
        try:
            weights = case.weights_used or weights_for(case.year)
        except Exception:  # no weights for the year yet: the table says so, the 复评 will refuse
            weights = {}
        rows = [
            {
                "label": label,
                "weight": weights.get(code, "—"),
                "self": case.self_scores.get(code, "—"),
                "review": case.scores.get(code, "—"),
            }
            for code, label in Indicator.choices
        ]
        return {
            "score_rows": rows,
            "self_report": case.self_report,
            "alliance_url": admin_url(Alliance, "change", case.alliance_id),
        }


class IndicatorWeightsForm(forms.ModelForm):
    class Meta:
        model = IndicatorWeights
        fields = ["valid_from", *Indicator.values, "note"]


@admin.register(IndicatorWeights)
class IndicatorWeightsAdmin(SimpleHistoryAdmin):
    """The weights are the city's: the bureau's staff and the office change them; the model's
    ``clean`` refuses a set that does not add up to 100, with the sum it found."""

    form = IndicatorWeightsForm
    list_display = ["valid_from", *Indicator.values, "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_of(request.user, BUREAU_CODE)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_of(request.user, BUREAU_CODE)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Past results keep their weights (weights_used), but a year's set stays for the record.
        return False
