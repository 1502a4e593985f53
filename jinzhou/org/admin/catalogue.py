"""Admin for the chain catalogue: industry → sub-field → chain, with leaders, owners and maps."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.org.admin.chart import provenance_mark, sample_badge
from jinzhou.org.chain_downloads import chain_downloads
from jinzhou.org.choices import Provenance
from jinzhou.org.models import Chain, ChainNode, ChainOwner, Industry, IndustryCluster, SubField, TaskForce


class ChainOwnerInline(admin.TabularInline):
    model = ChainOwner
    extra = 0
    fields = ["enterprise", "note", "provenance"]
    autocomplete_fields = ["enterprise"]


class ChainNodeInline(admin.TabularInline):
    model = ChainNode
    extra = 0
    fields = ["order", "segment", "name", "enterprises", "is_missing_link", "note"]
    autocomplete_fields = ["enterprises"]


@admin.register(IndustryCluster)
class IndustryClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "industry_names", sample_badge]
    list_filter = ["provenance"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("industries")

    @admin.display(description=_("industries"))
    def industry_names(self, obj) -> str:
        return "、".join(industry.name for industry in obj.industries.all()) or "—"


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "cluster", "order", "subfield_count", "chain_count", sample_badge]
    list_filter = ["cluster", "provenance"]
    list_select_related = ["cluster"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_subfields=Count("subfields", distinct=True), n_chains=Count("chains", distinct=True))
        )

    @admin.display(description=_("sub-fields"), ordering="n_subfields")
    def subfield_count(self, obj) -> int:
        return obj.n_subfields

    @admin.display(description=_("chains"), ordering="n_chains")
    def chain_count(self, obj) -> int:
        return obj.n_chains


@admin.register(SubField)
class SubFieldAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "industry", sample_badge]
    list_filter = ["industry", "provenance"]
    search_fields = ["name", "code"]
    list_select_related = ["industry"]


@admin.register(TaskForce)
class TaskForceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "industry", "leader_title", "leader_name", "leader", sample_badge]
    list_filter = ["provenance"]
    list_select_related = ["industry", "leader"]
    autocomplete_fields = ["leader"]


@admin.register(Chain)
class ChainAdmin(SimpleHistoryAdmin):
    list_display = [
        "code", "name", "industry", "subfield", "leader_department", "leader_mark", "owner_names", sample_badge
    ]  # fmt: skip
    list_filter = ["industry", "subfield", "leader_department", "provenance", "leader_provenance"]
    search_fields = ["code", "name"]
    list_select_related = ["industry", "subfield", "leader_department"]
    readonly_fields = ["catalogue_path"]
    fields = [
        "catalogue_path", "code", "name", "subfield", "leader_department", "leader_provenance", "order",
        "description", "provenance", "source_note",
    ]  # fmt: skip
    inlines = [ChainOwnerInline, ChainNodeInline]
    autocomplete_fields = ["leader_department"]
    change_form_template = "admin/org/chain/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        chain = self.get_object(request, object_id)
        downloads = chain_downloads(chain) if chain else []
        return super().change_view(
            request, object_id, form_url, {"chain_downloads": downloads, **(extra_context or {})}
        )

    def get_queryset(self, request):
        owners = Prefetch("ownerships", queryset=ChainOwner.objects.select_related("enterprise"))
        return super().get_queryset(request).prefetch_related(owners)

    @admin.display(description=_("chain leader's provenance"), ordering="leader_provenance")
    def leader_mark(self, obj) -> str:
        return provenance_mark(obj.leader_provenance)

    @admin.display(description=_("chain owners"))
    def owner_names(self, obj) -> str:
        # An inferred owner says so after its name: 国电投（推断）.
        return (
            "、".join(
                str(owner.enterprise)
                + (f"（{owner.get_provenance_display()}）" if owner.provenance != Provenance.REAL else "")
                for owner in obj.ownerships.all()
            )
            or "—"
        )

    @admin.display(description=_("industry → sub-field → chain"))
    def catalogue_path(self, obj) -> str:
        if not obj.pk:
            return "—"
        return f"{obj.subfield.industry} → {obj.subfield} → {obj.name}"
