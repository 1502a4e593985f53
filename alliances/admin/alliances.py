"""Admin of alliances: the list (lead member, stage, batch, latest tier, grade A, removal flag), the
add page (``register_alliance``), and the change page: the record (``update_alliance``), the workflow
buttons, the members, joint projects and contract panels, and the tier history of its evaluations."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import FileResponse, HttpRequest
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.admin.forms import AllianceAddForm, ContractForm, LeaveForm, MemberForm, ProjectForm
from alliances.choices import BUREAU_CODE, Tier
from alliances.models import Alliance, AllianceEvaluation, AllianceMember
from alliances.selectors import members_of, tier_history
from alliances.services import (
    CITY,
    CITY_EDITABLE,
    LEAD_EDITABLE,
    add_joint_project,
    add_member,
    attach_contract,
    end_membership,
    may_edit_alliance,
    register_alliance,
    update_alliance,
)
from jinzhou.casework.admin.filters import StatusFilter
from jinzhou.casework.admin.kind_admin import KindCaseAdmin
from jinzhou.casework.admin.panels import admin_url
from jinzhou.casework.models import Case
from jinzhou.casework.permissions import relations
from jinzhou.casework.presenter import CasePage, Panel, file_response
from jinzhou.org.selectors import actor_for, is_staff_of

STEP_DATES = (
    "applied_on",
    "recommended_on",
    "approved_on",
    "approval_document",
    "typical_batch",
    "typical_selected_on",
    "dissolved_on",
)
RESULTS = ("grade_a", "removal_flagged", "removal_flagged_year", "contract_link", "is_sample", "source_note")
TIER_LABELS = dict(Tier.choices)


# --- panel handlers: one service call each ---------------------------------------------------------------
def _add_member(request, alliance, form) -> str:
    member = add_member(alliance, actor=request.user, **form.data_for_service())
    return _("%(name)s added as a member.") % {"name": member.party}


def _leave(request, alliance, form) -> str:
    member = AllianceMember.objects.get(pk=form.cleaned_data["target"], alliance_id=alliance.pk)
    member = end_membership(member, actor=request.user, left_on=form.cleaned_data.get("left_on"))
    return _("%(name)s left the alliance.") % {"name": member.party}


def _add_project(request, alliance, form) -> str:
    data = form.data_for_service()
    reference = data.pop("case_reference", "")
    case = None
    if reference:
        case = Case.objects.visible_to(request.user).filter(reference=reference.strip()).first()
        if case is None:
            raise ValidationError({"case_reference": _("No case %(reference)s.") % {"reference": reference}})
    if not data.get("title"):
        raise ValidationError({"title": _("Give the project's title.")})
    project = add_joint_project(alliance, actor=request.user, case=case, **data)
    return _("Joint project “%(title)s” recorded.") % {"title": project.title}


def _contract(request, alliance, form) -> str:
    upload = form.cleaned_data.get("file")
    if not upload:
        raise ValidationError({"file": _("Choose a file to upload.")})
    attach_contract(alliance, actor=request.user, upload=upload)
    return _("Contract attached.")


@admin.register(Alliance)
class AllianceAdmin(KindCaseAdmin):
    add_form = AllianceAddForm
    add_fields = (
        "title",
        "lead_enterprise",
        "industry_chain",
        "description",
        "market_goals",
        "shared_platforms",
        "contract_number",
        "contract_signed_on",
        "contract_expires_on",
        "submit_now",
    )
    list_display = [
        "light_badge",
        "reference",
        "title",
        "lead_enterprise",
        "industry_chain",
        "status_display",
        "typical_batch",
        "latest_tier",
        "grade_a",
        "removal_flagged",
        "sample_mark",
    ]
    list_filter = [StatusFilter, "typical_batch", "grade_a", "removal_flagged", "is_sample", "industry_chain"]
    list_select_related = ["lead_enterprise", "industry_chain", "responsible_department"]
    search_fields = ["reference", "title", "lead_enterprise__name", "members__enterprise__name"]
    date_hierarchy = None
    panel_templates = ("admin/alliances/panels/alliance.html",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        latest = AllianceEvaluation.objects.filter(alliance=OuterRef("pk"), result_final=True).order_by("-year")
        return super().get_queryset(request).annotate(latest_tier_code=Subquery(latest.values("tier")[:1]))

    def get_ordering(self, request: HttpRequest) -> list:
        # Official alliances first, by name; they have no deadline to sort by.
        return ["is_sample", "title", "id"]

    # --- columns -----------------------------------------------------------------------------------
    @admin.display(description=gettext_lazy("latest tier"), ordering="latest_tier_code")
    def latest_tier(self, obj: Alliance) -> str:
        return TIER_LABELS.get(getattr(obj, "latest_tier_code", None) or "", "—")

    @admin.display(description=gettext_lazy("sample"), boolean=True, ordering="is_sample")
    def sample_mark(self, obj: Alliance) -> bool:
        return obj.is_sample

    @admin.display(description=gettext_lazy("contract document"))
    def contract_link(self, obj: Alliance) -> str:
        if not obj.contract_document:
            return "—"
        return format_html('<a href="{}">{}</a>', admin_url(Alliance, "contract", obj.pk), obj.contract_document_name)

    # --- who may do what (the services' rules) -----------------------------------------------------
    def has_add_permission(self, request: HttpRequest) -> bool:
        actor = actor_for(request.user)
        return is_staff_of(request.user, BUREAU_CODE) or bool(actor.enterprise_id and actor.roles)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return self.has_view_permission(request)
        return may_edit_alliance(obj, request.user)

    def _editable(self, request: HttpRequest, obj: Alliance) -> tuple[str, ...]:
        if not may_edit_alliance(obj, request.user):
            return ()
        return CITY_EDITABLE if relations(obj, request.user) & CITY else LEAD_EDITABLE

    # --- the form ----------------------------------------------------------------------------------
    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        if obj is None:
            fields = list(self.add_fields)
            if not is_staff_of(request.user, BUREAU_CODE):
                # A lead member's user applies for their own enterprise's alliance.
                fields.remove("lead_enterprise")
            return [(None, {"fields": fields})]
        record = list(CITY_EDITABLE)
        return [
            (None, {"fields": ["reference", "status_display", *record]}),
            (gettext_lazy("Steps"), {"fields": list(STEP_DATES)}),
            (gettext_lazy("Results and source"), {"fields": list(RESULTS)}),
            (gettext_lazy("Record"), {"fields": ["responsible_department", "created_by_label", "created_at"]}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        if obj is None:
            return []
        editable = self._editable(request, obj)
        locked = [name for name in CITY_EDITABLE if name not in editable]
        return [
            "reference",
            "status_display",
            *locked,
            *STEP_DATES,
            *RESULTS,
            "responsible_department",
            "created_by_label",
            "created_at",
        ]

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        enterprise_id = actor_for(request.user).enterprise_id
        if obj is not None or not enterprise_id or is_staff_of(request.user, BUREAU_CODE):
            return form

        class OwnLeadForm(form):
            # The model's own checks run on the form's instance: it is the applicant's enterprise's.
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.instance.lead_enterprise_id = enterprise_id

        return OwnLeadForm

    def create_case(self, request: HttpRequest, data: dict) -> Alliance:
        fields = {
            name: data[name]
            for name in (
                "description",
                "market_goals",
                "shared_platforms",
                "contract_number",
                "contract_signed_on",
                "contract_expires_on",
            )
            if data.get(name) not in (None, "")
        }
        return register_alliance(
            actor=request.user,
            title=data["title"],
            lead_enterprise=data.get("lead_enterprise"),
            industry_chain=data.get("industry_chain"),
            submit=bool(data.get("submit_now")),
            **fields,
        )

    def commit_form(self, request: HttpRequest, form) -> Alliance:
        if not form.instance.pk:
            return self.create_case(request, form.cleaned_data)
        editable = self._editable(request, form.instance)
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in editable}
        if not changes:
            return form.instance
        version = form.cleaned_data.get("loaded_version")
        if version is None:
            raise ValidationError(_("This page is out of date. Reload it, then make your changes again."))
        return update_alliance(form.instance, actor=request.user, version=version, **changes)

    # --- the change page's own panels --------------------------------------------------------------
    def extra_panels(self) -> dict[str, Panel]:
        def record(form_class, run) -> Panel:
            return Panel(form_class, run, offered=lambda page: may_edit_alliance(page.case, page.user, mine=page.mine))

        return {
            "member": record(MemberForm, _add_member),
            "leave": record(LeaveForm, _leave),
            "project": record(ProjectForm, _add_project),
            "contract": record(ContractForm, _contract),
        }

    def extra_panel_context(self, request: HttpRequest, page: CasePage) -> dict:
        case = page.case
        history = [
            {
                "evaluation": item,
                "url": admin_url(AllianceEvaluation, "change", item.pk),
                "tier": TIER_LABELS.get(item.tier, "—"),
            }
            for item in tier_history(case, request.user)
        ]
        return {
            "alliance_members": members_of(case),
            "alliance_projects": case.joint_projects.select_related("case"),
            "tier_history": history,
        }

    # --- the contract's download, scope-checked like the attachments ------------------------------------
    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/contract/",
                self.admin_site.admin_view(self.contract_view),
                name="{}_{}_contract".format(*info),
            ),
            *super().get_urls(),
        ]

    def contract_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        alliance = self._case(request, object_id)
        return file_response(alliance.contract_document, filename=alliance.contract_document_name)
