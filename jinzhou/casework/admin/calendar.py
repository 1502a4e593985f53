"""Admin for the working-day calendar: days off, make-up days, complete years, and the Excel import."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou import params
from jinzhou.casework.models.calendar import CalendarSource, CalendarYear, Holiday, HolidayKind
from jinzhou.casework.services.calendar import HolidayImportError, import_holidays, template_workbook
from jinzhou.org.selectors import person_label, person_related

IMPORT_PERMISSIONS = (
    "casework.add_holiday",
    "casework.change_holiday",
    "casework.delete_holiday",
    "casework.change_calendaryear",
)


class HolidayYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = Holiday.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> QuerySet[Holiday]:
        if self.value():
            return queryset.filter(date__year=params.year(self.value()))
        return queryset


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind", HolidayYearFilter, "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["source"]
    list_per_page = 100

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: Holiday) -> str:
        return date_format(obj.date, "l")

    def save_model(self, request: HttpRequest, obj: Holiday, form: forms.ModelForm, change: bool) -> None:
        # The source says where the current value came from; once a person edits it, that is them.
        obj.source = CalendarSource.ADMIN
        super().save_model(request, obj, form, change)


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Leave empty to take the latest year in the file."),
    )
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an .xlsx file (Excel 2007 or later)."))
        return upload


def _holiday_count(kind: str) -> Subquery:
    rows = (
        Holiday.objects.filter(date__year=OuterRef("year"), kind=kind)
        .order_by()
        .values("date__year")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "complete", "days_off", "make_up_days", "source", "completed_by_label", "completed_at"]
    list_filter = ["complete", "source"]
    readonly_fields = ["source", "completed_by_label", "completed_at"]
    fields = ["year", "complete", "note", "source", "completed_by_label", "completed_at"]
    actions = ["mark_complete"]
    change_list_template = "admin/casework/calendaryear/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return (
            super()
            .get_queryset(request)
            .select_related("completed_by", *person_related("completed_by"))
            .annotate(days_off_count=_holiday_count(HolidayKind.HOLIDAY))
            .annotate(make_up_count=_holiday_count(HolidayKind.WORKDAY))
        )

    @admin.display(description=_("completed by"), ordering="completed_by")
    def completed_by_label(self, obj: CalendarYear) -> str:
        return person_label(obj.completed_by) or "—"

    @admin.display(description=_("days off"))
    def days_off(self, obj: CalendarYear) -> int:
        return obj.days_off_count or 0

    @admin.display(description=_("make-up working days"))
    def make_up_days(self, obj: CalendarYear) -> int:
        return obj.make_up_count or 0

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: forms.ModelForm, change: bool) -> None:
        if "complete" in form.changed_data or not change:
            obj.source = CalendarSource.ADMIN
            obj.completed_at = timezone.now() if obj.complete else None
            obj.completed_by = request.user if obj.complete else None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark selected years complete"), permissions=["change"])
    def mark_complete(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for calendar_year in queryset.filter(complete=False):
            calendar_year.complete = True
            calendar_year.source = CalendarSource.ADMIN
            calendar_year.completed_at = timezone.now()
            calendar_year.completed_by = request.user
            calendar_year.save()
        self.message_user(request, gettext("The selected years are marked complete."), messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import_holidays": request.user.has_perms(IMPORT_PERMISSIONS)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """导入节假日安排: upload the State Council notice as .xlsx; the service does the work."""
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = import_holidays(form.cleaned_data["file"], year=form.cleaned_data["year"], user=request.user)
            except HolidayImportError as exc:
                form.add_error("file", [gettext("Nothing was imported."), *exc.errors])
            else:
                self.message_user(
                    request,
                    gettext(
                        "%(year)s imported: %(created)s days added, %(updated)s changed, %(deleted)s removed; "
                        "the year is marked complete."
                    )
                    % vars(result),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:casework_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import holiday schedule"),
            "form": form,
            "template_url": reverse("admin:casework_calendaryear_import_template"),
        }
        return TemplateResponse(request, "admin/casework/calendaryear/import_holidays.html", context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """The empty .xlsx to fill in, in the layout the import reads."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="holidays-template.xlsx"'
        return response
