"""Admin for the org chart. Sample rows (not named by the source article) are marked as such."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.org.models import Department, Enterprise, Institution, Park, UserProfile


@admin.display(description=_("sample"), boolean=False, ordering="is_sample")
def sample_badge(obj) -> str:
    if obj.is_sample:
        return format_html('<span class="sample-badge" title="{}">{}</span>', obj.source_note, _("Sample"))
    return format_html('<span title="{}">{}</span>', obj.source_note, "—")


class CatalogueAdmin(SimpleHistoryAdmin):
    list_filter = ["is_sample"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(CatalogueAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent", "head", sample_badge]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent", "head"]
    autocomplete_fields = ["parent", "head"]


@admin.register(Park)
class ParkAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "department", "area_km2", sample_badge]
    list_filter = ["kind", "is_sample"]
    list_select_related = ["department"]


@admin.register(Enterprise)
class EnterpriseAdmin(CatalogueAdmin):
    list_display = ["name", "short_name", "credit_code", "above_designated_size", "park", sample_badge]
    list_filter = ["above_designated_size", "park", "chains__industry", "is_sample"]
    search_fields = ["name", "short_name", "credit_code"]
    list_select_related = ["park"]
    filter_horizontal = ["chains"]


@admin.register(Institution)
class InstitutionAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "city", sample_badge]
    list_filter = ["kind", "is_sample"]


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["department", "enterprise"]


admin.site.unregister(User)


@admin.register(User)
class JinzhouUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active"]
