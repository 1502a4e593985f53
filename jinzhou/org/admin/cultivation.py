"""Admin for 主体培育: the enterprises' designations (also inline on the enterprise) and the chains'
cultivation lists (培育库), with a summary of both by industry and chain, every count a link to the
rows it counts."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.org.models import CultivationEntry, EnterpriseDesignation
from jinzhou.org.selectors import cultivation_summary


class EnterpriseDesignationInline(admin.TabularInline):
    model = EnterpriseDesignation
    extra = 0
    fields = ["designation", "level", "year", "source", "note"]


@admin.register(EnterpriseDesignation)
class EnterpriseDesignationAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "designation", "level", "year", "source"]
    list_filter = ["designation", "level", "year", "enterprise__chains__industry", "enterprise__chains"]
    search_fields = ["enterprise__name", "enterprise__short_name", "source"]
    list_select_related = ["enterprise"]
    autocomplete_fields = ["enterprise"]


@admin.register(CultivationEntry)
class CultivationEntryAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "chain", "target_designation", "target_level", "target_year", "department"]
    list_filter = ["chain__industry", "chain", "target_designation", "target_level", "target_year", "department"]
    search_fields = ["enterprise__name", "enterprise__short_name", "chain__name", "note"]
    list_select_related = ["enterprise", "chain", "department"]
    autocomplete_fields = ["enterprise", "chain", "department"]

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        summary = path("summary/", self.admin_site.admin_view(self.summary_view), name="{}_{}_summary".format(*info))
        return [summary, *super().get_urls()]

    def summary_view(self, request: HttpRequest) -> HttpResponse:
        """主体培育 by industry and chain: the designations of the chain's enterprises and its 培育库."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Enterprise cultivation by industry and chain"),
            "industries": cultivation_summary(),
        }
        return TemplateResponse(request, "admin/org/cultivationentry/summary.html", context)
