"""到位资金 in the admin: inline on an investment project's page, and a list of its own (by date)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from projects.admin.investment import InvestmentProjectAdmin
from projects.models import FundsReceipt, InvestmentProject


class FundsReceiptInline(admin.TabularInline):
    model = FundsReceipt
    fields = ["date", "amount_yi", "source", "note", "is_sample"]
    extra = 0


def _saving_user(request: HttpRequest, obj: FundsReceipt) -> None:
    if obj.created_by_id is None:
        obj.created_by = request.user
    obj._history_user = request.user


# Added here, so the project's admin module stays the investment report's own (the inline's one place).
InvestmentProjectAdmin.inlines = [*InvestmentProjectAdmin.inlines, FundsReceiptInline]
_original_save_formset = InvestmentProjectAdmin.save_formset


def _save_formset(self, request, form, formset, change):
    if formset.model is FundsReceipt:
        for obj in formset.save(commit=False):
            _saving_user(request, obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        return None
    return _original_save_formset(self, request, form, formset, change)


InvestmentProjectAdmin.save_formset = _save_formset


@admin.register(FundsReceipt)
class FundsReceiptAdmin(admin.ModelAdmin):
    list_display = ["date", "project", "amount_yi", "source", "is_sample"]
    list_filter = ["is_sample", "project__park", "project__chain", "project__responsible_department"]
    list_select_related = ["project"]
    date_hierarchy = "date"
    search_fields = ["project__title", "project__reference", "source"]
    raw_id_fields = ["project"]
    fields = ["project", "date", "amount_yi", "source", "note", "is_sample", "source_note"]

    def get_queryset(self, request: HttpRequest):
        visible = InvestmentProject.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(project_id__in=visible)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        _saving_user(request, obj)
        super().save_model(request, obj, form, change)
