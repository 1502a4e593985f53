"""Admin for the org chart. Sample rows (not named by the source article) are marked as such."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.org.admin.cultivation import EnterpriseDesignationInline
from jinzhou.org.choices import Provenance
from jinzhou.org.models import ApiKey, Department, Enterprise, Institution, Park, UserProfile
from jinzhou.org.services import check_api_key_owner, parse_scopes, revoke_api_key, save_new_api_key


def provenance_mark(value: str, note: str = "") -> str:
    """示例 or 推断 as a badge (the source note as its tooltip); a real row shows a dash."""
    if value in (Provenance.SAMPLE, Provenance.INFERRED):
        return format_html(
            '<span class="sample-badge provenance-{}" title="{}">{}</span>', value, note, Provenance(value).label
        )
    return format_html('<span title="{}">{}</span>', note, "—")


@admin.display(description=_("provenance"), ordering="provenance")
def sample_badge(obj) -> str:
    return provenance_mark(obj.provenance, obj.source_note)


class WithoutSamplesFilter(admin.SimpleListFilter):
    """Provenance, with the samples left out until asked for: a register shows its real rows first."""

    title = _("provenance")
    parameter_name = "provenance"

    def lookups(self, request, model_admin):
        return [*Provenance.choices, ("all", _("All, samples included"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.exclude(provenance=Provenance.SAMPLE)
        return queryset if value == "all" else queryset.filter(provenance=value)

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Without samples"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class CatalogueAdmin(SimpleHistoryAdmin):
    list_filter = ["provenance"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(CatalogueAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent", "head", sample_badge]
    list_filter = ["kind", "provenance"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent", "head"]
    autocomplete_fields = ["parent", "head"]


@admin.register(Park)
class ParkAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "department", "area_km2", sample_badge]
    list_filter = ["kind", "provenance"]
    list_select_related = ["department"]


@admin.register(Enterprise)
class EnterpriseAdmin(CatalogueAdmin):
    list_display = ["name", "short_name", "credit_code", "above_designated_size", "park", sample_badge]
    # The generated sample enterprises (示例对接企业, 650 of them) are hidden until the filter asks for them.
    list_filter = [
        "designations__designation",
        "chains__industry",
        "chains",
        "above_designated_size",
        "park",
        WithoutSamplesFilter,
    ]
    search_fields = ["name", "short_name", "credit_code"]
    list_select_related = ["park"]
    filter_horizontal = ["chains"]
    inlines = [EnterpriseDesignationInline]


@admin.register(Institution)
class InstitutionAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "city", sample_badge]
    list_filter = ["kind", "provenance"]


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["department", "enterprise", "institution"]


admin.site.unregister(User)


@admin.register(User)
class JinzhouUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active"]


class ApiKeyForm(forms.ModelForm):
    creator = None  # the signed-in user, set by ApiKeyAdmin.get_form: who may own the key depends on them

    class Meta:
        model = ApiKey
        fields = ["name", "user", "scopes", "expires_at", "revoked_at"]

    def clean_user(self):
        owner = self.cleaned_data["user"]
        try:
            check_api_key_owner(owner, creator=self.creator)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["user"]) from None
        return owner

    def clean_scopes(self) -> str:
        try:
            return parse_scopes(self.cleaned_data["scopes"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["scopes"]) from None


@admin.register(ApiKey)
class ApiKeyAdmin(SimpleHistoryAdmin):
    """Keys are made here (``save_new_api_key``); the full key is shown once, in the page that answers
    the add form: a message would carry it in the signed, unencrypted ``messages`` cookie."""

    form = ApiKeyForm
    list_display = ["name", "prefix", "user", "scopes", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_view_permission(self, request, obj=None) -> bool:
        # Who owns which key is the office's business; read-only roles do not list them.
        return self.has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None) -> list:
        # The owner is checked when the key is made; moving the key to someone else later would skip that.
        return [*self.readonly_fields, "user"] if obj is not None else list(self.readonly_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"creator": request.user})

    def get_changeform_initial_data(self, request) -> dict:
        # A key is its maker's own unless it is a partner system's: the maker is the usual owner.
        return {**super().get_changeform_initial_data(request), "user": request.user.pk}

    def add_view(self, request, form_url="", extra_context=None):
        # One button: every way of saving ends on the page that shows the key.
        context = {"show_save_and_add_another": False, "show_save_and_continue": False, **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)
        else:
            obj._raw_key = save_new_api_key(obj, actor=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        response = TemplateResponse(
            request,
            "admin/org/apikey/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("New API key"),
                "key": obj,
                "raw_key": obj._raw_key,
            },
        )
        add_never_cache_headers(response)  # no copy of the page in the browser's or a proxy's cache
        return response

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset) -> None:
        for key in queryset:
            revoke_api_key(key, actor=request.user)
        self.message_user(request, _("%(count)d key(s) revoked.") % {"count": queryset.count()})
