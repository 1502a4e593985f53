"""The list of extension requests (延期申请) and their decision page.

Read-only rows: a request is written by ``request_extension`` and decided by ``decide_extension``,
never by a form of the model. Scope is the case's (``Case.objects.visible_to``); only those who may
decide (``may_decide_extension``) see the buttons, and the service still decides on the post.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case as SqlCase
from django.db.models import F, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinzhou.casework.admin.cases import kind_change_url
from jinzhou.casework.admin.filters import KindFilter
from jinzhou.casework.choices import ExtensionStatus
from jinzhou.casework.forms import REFUSALS, apply_refusal, not_done_message
from jinzhou.casework.models import Case, Extension
from jinzhou.casework.services import decide_extension, may_decide_extension
from jinzhou.org.selectors import actor_for, display_name


def _day(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else "—"


def person_and_unit(user) -> str:
    """A person as the office knows them: full name, then their department or enterprise."""
    if user is None:
        return "—"
    profile = getattr(user, "profile", None)
    unit = (profile.department or profile.enterprise) if profile else None
    return f"{display_name(user)}（{unit}）" if unit else display_name(user)


class CaseKindFilter(KindFilter):
    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(case__kind=self.value()) if self.value() else queryset


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Decision note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Required when rejecting."),
    )


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    # Kept to six columns, so that the buttons fit beside the admin's menu on a laptop.
    list_display = ["case_link", "requester", "deadlines", "short_reason", "decision"]
    list_display_links = None
    list_filter = [
        "status",
        CaseKindFilter,
        ("case__chain", admin.RelatedFieldListFilter),
        ("case__responsible_department", admin.RelatedFieldListFilter),
    ]
    search_fields = ["case__reference", "case__title"]
    list_select_related = [
        "case",
        "case__assigned_by",
        "requested_by__profile__department",
        "requested_by__profile__enterprise",
        "requested_by__profile__institution",
    ]
    list_per_page = 50

    class Media:
        css = {"all": ["casework/admin_cases.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = Case.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(case__in=visible).select_related(*self.list_select_related)

    def get_ordering(self, request: HttpRequest) -> list:
        # Waiting requests first, the longest-waiting first; decided ones after them, newest first.
        waiting = SqlCase(When(status=ExtensionStatus.PENDING, then=Value(0)), default=Value(1))
        return [waiting.asc(), F("requested_at").asc()]

    def get_list_display(self, request: HttpRequest) -> list:
        def decision(obj: Extension) -> str:
            return self.decision(obj, request)

        decision.short_description = gettext_lazy("decision")  # type: ignore[attr-defined]
        return [*self.list_display[:-1], decision]

    # --- read-only rows -----------------------------------------------------------------------------
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # --- columns ------------------------------------------------------------------------------------
    @admin.display(description=gettext_lazy("case"), ordering="case__reference")
    def case_link(self, obj: Extension) -> str:
        url = kind_change_url(obj.case.kind, obj.case_id)
        reference = format_html('<a href="{}">{}</a>', url, obj.case.reference) if url else obj.case.reference
        return format_html('{}<br><span class="case-extension-title">{}</span>', reference, obj.case.title)

    @admin.display(description=gettext_lazy("requested by"), ordering="requested_at")
    def requester(self, obj: Extension) -> str:
        when = timezone.localtime(obj.requested_at).strftime("%Y-%m-%d %H:%M")
        return format_html('{}<br><span class="case-meta">{}</span>', person_and_unit(obj.requested_by), when)

    @admin.display(description=gettext_lazy("deadline → requested"), ordering="new_due_at")
    def deadlines(self, obj: Extension) -> str:
        return format_html("{} →<br>{}", _day(obj.current_due_at), _day(obj.new_due_at))

    @admin.display(description=gettext_lazy("reason"))
    def short_reason(self, obj: Extension) -> str:
        # The whole reason is on the decision page; the list keeps its rows short.
        return format_html('<span title="{}">{}</span>', obj.reason, Truncator(obj.reason).chars(24))

    def decision(self, obj: Extension, request: HttpRequest) -> str:
        if obj.status != ExtensionStatus.PENDING:
            who = person_and_unit(obj.decided_by) if obj.decided_by_id else ""
            return format_html("{}<br>{}", obj.get_status_display(), who)
        if not self._may_decide(obj, request.user):
            return format_html("{}<br>{}", obj.get_status_display(), _("Waiting for the assigner"))
        url = reverse("admin:casework_extension_decide", args=[obj.pk])
        if not obj.case.is_open:
            # The case finished while the request waited: only refusing it (to clear it) is left.
            return format_html(
                '{}<br><a class="button" href="{}?decision=reject">{}</a>', _("Case finished"), url, _("Reject")
            )
        return format_html(
            '<a class="button" href="{}?decision=approve">{}</a> <a class="button" href="{}?decision=reject">{}</a>',
            url,
            _("Approve"),
            url,
            _("Reject"),
        )

    def _may_decide(self, obj: Extension, user) -> bool:
        # The two relations the rule reads, without a query per row (``relations`` would ask for co-handlers).
        mine = {"assigner"} if obj.case.assigned_by_id == user.pk else set()
        if actor_for(user).is_office:
            mine.add("office")
        return may_decide_extension(obj.case, user, mine=frozenset(mine))

    # --- the decision page --------------------------------------------------------------------------
    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="casework_extension_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        extension = self.get_queryset(request).filter(pk=object_id).first()
        if extension is None:
            raise Http404
        back = HttpResponseRedirect(reverse("admin:casework_extension_changelist"))
        decision = request.POST.get("decision") or request.GET.get("decision")
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and decision in ("approve", "reject") and form.is_valid():
            try:
                decide_extension(
                    extension, actor=request.user, approve=decision == "approve", note=form.cleaned_data["note"]
                )
            except REFUSALS as error:
                apply_refusal(form, error)
                messages.error(request, not_done_message(form))
            else:
                verb = _("approved") if decision == "approve" else _("refused")
                messages.success(
                    request,
                    _("Extension %(verb)s: %(reference)s, %(date)s")
                    % {
                        "verb": verb,
                        "reference": extension.case.reference,
                        "date": _day(extension.new_due_at),
                    },
                )
                return back
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide on the extension request"),
            "opts": self.opts,
            "extension": extension,
            "case_url": kind_change_url(extension.case.kind, extension.case_id),
            "requester": person_and_unit(extension.requested_by),
            "form": form,
            "decision": decision,
            "pending": extension.status == ExtensionStatus.PENDING,
            "may_decide": may_decide_extension(extension.case, request.user),
        }
        return TemplateResponse(request, "admin/casework/extension_decide.html", context)
