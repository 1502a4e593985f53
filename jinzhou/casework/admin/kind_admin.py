"""``KindCaseAdmin``: the admin of one kind of case (bottlenecks, chain tasks, …).

Nothing here writes a case row itself. Creating calls the kind's service (``create_case``), editing
calls ``update_case`` with the version the page was loaded with, and every button of the change
page posts to a custom URL that calls one service. Refusals come back as messages and as errors on
the same form, with the visitor's input kept.
"""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinzhou.casework.admin.cases import CaseAdminBase
from jinzhou.casework.admin.panels import admin_panels, admin_url, build_panels
from jinzhou.casework.display import case_kind_label, light_reason
from jinzhou.casework.forms import (
    REFUSALS,
    PersonChoiceField,
    TransitionForm,
    apply_refusal,
    not_done_message,
    staff_choices,
    staff_options,
)
from jinzhou.casework.models import Case
from jinzhou.casework.notices import notice_response
from jinzhou.casework.presenter import CasePage, Panel, download, staff_json
from jinzhou.casework.services import get_case_for, update_case
from jinzhou.org.models import Department
from jinzhou.org.selectors import person_label

CHANGE_READONLY = [
    "reference",
    "status_display",
    "light_badge",
    "light_reason",
    "responsible_department",
    "responsible_person_label",
    "assigned_by_label",
    "assigned_at",
    "acknowledged_at",
    "due_display",
    "original_due_at",
    "closed_at",
    "created_by_label",
    "created_at",
]


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that never saves itself. The admin's service call runs as the last step of
    validation, because Django's change form re-renders a form with the visitor's input only when
    its errors surface there; a refusal of the service thus shows exactly like a field error."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    error_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version
        self.saved_case = None

    def commit(self) -> Case:  # replaced per request by KindCaseAdmin.get_form
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            self.saved_case = self.commit()
        except REFUSALS as error:
            apply_refusal(self, error, self.error_fields)


class KindCaseAdmin(CaseAdminBase):
    form = ServiceModelForm
    # The form of the add page, when it asks for more than the model holds (e.g. a deadline).
    add_form: type[ServiceModelForm] | None = None
    change_form_template = "admin/casework/case_change_form.html"
    # The descriptive fields ``update_case`` may change for this kind; everything else is read-only.
    edit_fields: tuple[str, ...] = ("title", "description", "chain", "priority", "source")
    add_fields: tuple[str, ...] = ()
    # Extra panel templates of the kind, included on the change page after the common panels.
    panel_templates: tuple[str, ...] = ()

    # --- the kind's own parts ------------------------------------------------------------------------
    def create_case(self, request: HttpRequest, data: dict) -> Case:
        raise NotImplementedError

    def extra_panels(self) -> dict[str, Panel]:
        """The admin's own panels of the kind (besides the engine's and the kind's shared ones)."""
        return {}

    def extra_panel_context(self, request: HttpRequest, page: CasePage) -> dict:
        """What the kind's panel templates show besides the panels' forms (read-only data)."""
        return {}

    def case_panels(self) -> dict[str, Panel]:
        return admin_panels(self.model, self.extra_panels())

    # --- permissions: the services' rules, so the admin never offers what they would refuse -----------
    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        cache = request.__dict__.setdefault("_casework_editable", {})
        if obj.pk not in cache:
            cache[obj.pk] = Case.objects.editable_by(request.user).filter(pk=obj.pk).exists()
        return cache[obj.pk]

    # --- the form ------------------------------------------------------------------------------------
    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        if obj is None:
            return [(None, {"fields": list(self.add_fields)})]
        top = ("reference", "status_display", "light_badge", "light_reason")
        assignment = [name for name in CHANGE_READONLY if name not in top]
        return [
            (None, {"fields": [*top, *self.edit_fields]}),
            (gettext_lazy("Assignment, deadlines and record"), {"fields": assignment}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        return list(CHANGE_READONLY) if obj is not None else []

    # --- people by name and unit, never by login (org.selectors.person_label) ----------------------
    @admin.display(description=gettext_lazy("why this light"))
    def light_reason(self, obj: Case) -> str:
        return light_reason(obj) or "—"

    @admin.display(description=gettext_lazy("responsible person"))
    def responsible_person_label(self, obj: Case) -> str:
        return person_label(obj.responsible_person) or "—"

    @admin.display(description=gettext_lazy("assigned by"))
    def assigned_by_label(self, obj: Case) -> str:
        return person_label(obj.assigned_by) or "—"

    @admin.display(description=gettext_lazy("created by"))
    def created_by_label(self, obj: Case) -> str:
        return person_label(obj.created_by) or "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The add page's responsible person: people by name and unit, from departments' staff.
        if db_field.name == "responsible_person":
            department = request.POST.get("responsible_department") if request.method == "POST" else None
            kwargs["queryset"] = staff_choices(department or None)
            kwargs["form_class"] = PersonChoiceField
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.widget.attrs["data-department-field"] = "id_responsible_department"
            field.widget.attrs["data-staff-url"] = admin_url(self.model, "staff", 0).removesuffix("0/")
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        if obj is None and self.add_form is not None:
            kwargs["form"] = self.add_form
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class RequestForm(base):
            def commit(self) -> Case:
                return model_admin.commit_form(request, self)

        return RequestForm

    def commit_form(self, request: HttpRequest, form: ServiceModelForm) -> Case:
        if not form.instance.pk:
            return self.create_case(request, form.cleaned_data)
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in self.edit_fields}
        if not changes:
            return form.instance
        version = form.cleaned_data.get("loaded_version")
        if version is None:
            raise ValidationError(_("This page is out of date. Reload it, then make your changes again."))
        return update_case(form.instance, actor=request.user, version=version, **changes)

    def save_form(self, request: HttpRequest, form: ServiceModelForm, change: bool) -> Case:
        return form.saved_case

    def save_model(self, request: HttpRequest, obj: Case, form, change: bool) -> None:
        """Already written by the service during validation (see ``ServiceModelForm``)."""

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        """Related rows (enterprises, co-handlers, …) are written by the services, never by the form."""

    # --- the change page -----------------------------------------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and not add:
            bound = context.get("bound_panel_forms") or {}
            page = build_panels(request, obj, bound, self.case_panels())
            context["case_panels"] = {**page.as_context(), **self.extra_panel_context(request, page)}
            context["panel_templates"] = self.panel_templates
            # "断点 DD-2026-00042", not Django's "Change 堵点": the case as it was reported.
            context["title"] = f"{case_kind_label(obj)} {obj.reference}"
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/transition/<slug:action>/",
                wrap(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path("<int:object_id>/panel/<slug:panel>/", wrap(self.panel_view), name="{}_{}_panel".format(*info)),
            path(
                "<int:object_id>/staff/<int:department_id>/",
                wrap(self.case_staff_view),
                name="{}_{}_case_staff".format(*info),
            ),
            path("staff/<int:department_id>/", wrap(self.staff_view), name="{}_{}_staff".format(*info)),
            path(
                "<int:object_id>/notices/<int:notice_id>/<slug:fmt>/",
                wrap(self.notice_view),
                name="{}_{}_notice".format(*info),
            ),
            path(
                "<int:object_id>/attachments/<int:attachment_id>/",
                wrap(self.download_view),
                name="{}_{}_attachment".format(*info),
            ),
            *super().get_urls(),
        ]

    def _case(self, request: HttpRequest, object_id) -> Case:
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Outside the visitor's scope is CaseNotFound, an Http404: the case does not exist for them.
        return get_case_for(request.user, object_id, model=self.model)

    def _back(self, case: Case) -> HttpResponseRedirect:
        return HttpResponseRedirect(admin_url(self.model, "change", case.pk))

    def _rerender(self, request: HttpRequest, case: Case, form) -> HttpResponse:
        """The change page again, with the posted form (its input and errors) in place of a fresh one."""
        messages.error(request, not_done_message(form))
        page_request = copy.copy(request)
        page_request.method = "GET"
        return self.change_view(
            page_request,
            str(case.pk),
            form_url=admin_url(self.model, "change", case.pk),
            extra_context={"bound_panel_forms": {form.prefix: form}},
        )

    def transition_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        case = self._case(request, object_id)
        step = case.spec.workflow.transition(action)
        if step is None:
            raise Http404
        if request.method != "POST":
            return self._back(case)
        form = TransitionForm(step, request.POST, case=case)
        updated, message = form.submit(case, request.user)
        if updated is not None:
            messages.success(request, message)
            return self._back(updated)
        return self._rerender(request, case, form)

    def panel_view(self, request: HttpRequest, object_id: int, panel: str) -> HttpResponse:
        case = self._case(request, object_id)
        spec = self.case_panels().get(panel)
        if spec is None:
            raise Http404
        if request.method != "POST":
            return self._back(case)
        form, message = spec.submit(request, case)
        if message is not None:
            messages.success(request, message)
            return self._back(case)
        return self._rerender(request, case, form)

    def case_staff_view(self, request: HttpRequest, object_id: int, department_id: int) -> JsonResponse:
        """The people a step of this case may make responsible, for the page's script."""
        return staff_json(self._case(request, object_id), request.user, department_id)

    def staff_view(self, request: HttpRequest, department_id: int) -> JsonResponse:
        """The same for the add page: only for those who may add a case of this kind."""
        if not self.has_add_permission(request):
            raise Http404
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise Http404
        return JsonResponse({"people": staff_options(department)})

    def download_view(self, request: HttpRequest, object_id: int, attachment_id: int) -> FileResponse:
        return download(self._case(request, object_id), attachment_id)

    def notice_view(self, request: HttpRequest, object_id: int, notice_id: int, fmt: str) -> HttpResponse:
        """A supervision notice (督办单) as Word or PDF."""
        case = self._case(request, object_id)
        return notice_response(request, case, notice_id, fmt, back=admin_url(self.model, "change", case.pk))
