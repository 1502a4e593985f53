"""The case lists of the admin: ``CaseAdminBase`` (what every kind's list shows and filters), and the
read-only list of all cases, every kind in one table, each row linking to its kind's page.

Scope is ``Case.objects.visible_to(user)`` in ``get_queryset``, so the list, the change page, the
export and every custom view see the same cases; anything else is the admin's "does not exist".
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.admin.dashboard import install_dashboard
from jinzhou.casework.admin.escalations import issue_notices
from jinzhou.casework.admin.export import xlsx_response
from jinzhou.casework.admin.filters import (
    ChainFilter,
    ClosedInFilter,
    DepartmentFilter,
    KindFilter,
    LightFilter,
    OnTimeFilter,
    OverdueFilter,
    QueueFilter,
    RatedDepartmentFilter,
    StatusFilter,
)
from jinzhou.casework.admin.queue import install_queue
from jinzhou.casework.admin.saved_views import saved_view_urls, views_of
from jinzhou.casework.display import LIGHT_RANK, case_kind_label, case_light_badge_with_reason, due_text
from jinzhou.casework.kinds import all_statuses, get_kind, spec_for_model
from jinzhou.casework.models import Case
from jinzhou.casework.pagination import EstimatedCountPaginator, SearchedCountPaginator
from jinzhou.org.selectors import actor_for


class CaseAdminBase(admin.ModelAdmin):
    """What every list of cases shows. Kind admins subclass ``KindCaseAdmin`` (which adds the change
    page's workflow panels) rather than this class directly."""

    list_display = [
        "light_badge",
        "reference",
        "title",
        "chain",
        "responsible_department",
        "due_display",
        "status_display",
        "priority",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        ("chain", ChainFilter),
        StatusFilter,
        LightFilter,
        ("responsible_department", DepartmentFilter),
        OverdueFilter,
        QueueFilter,
        RatedDepartmentFilter,
        ClosedInFilter,
        OnTimeFilter,
    ]
    date_hierarchy = "due_at"
    # The search box is served by the search index when one is registered (text_search.py): 石英
    # finds a case by its title, description, comments or progress reports.
    search_fields = ["reference", "title"]
    # Everything a row shows comes from this one query: a list of 100 costs what a list of 1 does.
    list_select_related = ["chain", "responsible_department"]
    list_per_page = 100
    show_full_result_count = False
    # No exact COUNT(*) of a huge unfiltered table on every page (see docs/performance.md).
    paginator = EstimatedCountPaginator
    change_list_template = "admin/casework/case_change_list.html"
    actions = [issue_notices]

    class Media:
        css = {"all": ["casework/admin_cases.css"]}
        # Reloads a responsible person's choices when the department changes (no inline script).
        js = ["casework/people.js"]

    # --- scope and order ------------------------------------------------------------------------
    def scoped(self, request: HttpRequest) -> QuerySet:
        """The cases the visitor sees: the engine's scope; a kind with a wider rule overrides it."""
        return self.model.objects.visible_to(request.user)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        from jinzhou.casework.text_search import case_text_q

        if not search_term.strip():
            return queryset, False
        return queryset.filter(case_text_q(search_term, fallback=tuple(self.search_fields))), False

    def get_paginator(self, request: HttpRequest, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # Searched: an estimate once the word is in thousands of cases (pagination.SearchedCountPaginator).
        paginator = SearchedCountPaginator if request.GET.get(SEARCH_VAR, "").strip() else self.paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)
        # A searched list has no deadline drill-down (years, months) unless one is already chosen: the
        # drill-down reads the deadline of every match (its first and last, then each distinct year), which
        # for a common word is tens of thousands of cases at a million (docs/performance.md, "Search").
        drilled = any(key.startswith(f"{self.date_hierarchy}__") for key in request.GET)
        if changelist.query.strip() and not drilled:
            changelist.date_hierarchy = None
        return changelist

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            self.scoped(request)
            .with_light(timezone.now())
            .annotate(light_rank=LIGHT_RANK)
            .select_related(*self.list_select_related)
        )

    def get_ordering(self, request: HttpRequest) -> list:
        # Open cases by deadline, the earliest (the overdue ones) first: the same urgency as the
        # lights, but served by the (is_open, due_at) index instead of sorting a computed column.
        if request.GET.get("queue") == "report_late":
            # Late progress reports: the longest-missing report first.
            return [F("report_due_at").asc(nulls_last=True), "-id"]
        return [F("is_open").desc(), F("due_at").asc(nulls_last=True), "-id"]

    def status_choices(self) -> list[tuple[str, str]]:
        spec = spec_for_model(self.model)
        return list(spec.workflow.status_choices) if spec else all_statuses()

    # --- what may be done here ------------------------------------------------------------------
    def has_escalate_permission(self, request: HttpRequest) -> bool:
        # Only the office issues supervision notices (``may_escalate``); escalate() checks each case.
        return actor_for(request.user).is_office

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Cases are closed, never deleted: their numbers, timelines and audit must survive.
        return False

    # --- columns --------------------------------------------------------------------------------
    @admin.display(description=_("light"), ordering="light_rank")
    def light_badge(self, obj: Case) -> str:
        return case_light_badge_with_reason(obj)

    @admin.display(description=_("deadline"), ordering="due_at")
    def due_display(self, obj: Case) -> str:
        return due_text(obj)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj: Case) -> str:
        return obj.status_label

    # --- the Excel export of the list as filtered -----------------------------------------------
    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name="{}_{}_export".format(*info)),
            *saved_view_urls(self),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # The visitor's own saved views of this list, as links above it (one query).
        context = {"saved_views": views_of(self, request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("The list's filters are not valid; nothing was exported."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return xlsx_response(changelist.queryset, self.opts.model_name)


class AllCasesAdmin(CaseAdminBase):
    """Every kind in one read-only list; a row opens the case on its kind's page."""

    list_display = ["light_badge", "reference_link", "kind_display", *CaseAdminBase.list_display[2:]]
    list_display_links = None
    list_filter = [KindFilter, *CaseAdminBase.list_filter]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # A bottleneck is named as it was reported (堵点, 断点, 卡脖子), read in the page's query (and the
    # export's): not in the list's count, where its join kept PostgreSQL from counting through an
    # index alone (a department's 650,000 cases: 240 ms read from the table, 60 ms from the index).
    def get_paginator(self, request: HttpRequest, queryset: QuerySet, per_page: int, *args, **kwargs):
        paginator = super().get_paginator(request, queryset, per_page, *args, **kwargs)
        paginator.rows_of = with_kind_detail
        return paginator

    def get_changelist(self, request: HttpRequest, **kwargs):
        return KindDetailChangeList

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, obj: Case) -> str:
        return case_kind_label(obj)

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, obj: Case) -> str:
        url = kind_change_url(obj.kind, obj.pk)
        return format_html('<a href="{}">{}</a>', url, obj.reference) if url else obj.reference

    def change_view(self, request: HttpRequest, object_id, form_url: str = "", extra_context=None) -> HttpResponse:
        # The kind's page is where a case is read and worked on; scope is checked there.
        case = self.get_object(request, object_id)
        url = kind_change_url(case.kind, case.pk) if case else None
        if url:
            return HttpResponseRedirect(url)
        return super().change_view(request, object_id, form_url, extra_context)


def with_kind_detail(rows: QuerySet) -> QuerySet:
    # Per row kept: read for the page's rows after the sort, not joined to every match of a search
    # before it (5,826 bottleneck rows probed for 集采's first page at a million: 23 ms).
    return rows if "kind_detail" in rows.query.annotations else rows.with_kind_detail(per_row=True)


class KindDetailChangeList(ChangeList):
    """The list of all cases, whose rows carry their kind detail on every path: a page (through the
    paginator's ``rows_of``) and "show all" (the whole filtered list)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        if not self.result_list.query.is_sliced:
            self.result_list = with_kind_detail(self.result_list)


def kind_change_url(kind: str, pk: int) -> str | None:
    try:
        model = get_kind(kind).model
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except (LookupError, NoReverseMatch):
        return None


admin.site.register(Case, AllCasesAdmin)
install_dashboard(admin.site)
install_queue(admin.site)
