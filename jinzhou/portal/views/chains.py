"""The chain map (产业链图谱): industry → sub-field → chain → up/mid/downstream nodes, the
enterprises on each node, the missing links to attract investment for (补链), the chain's 主体培育
(its designated enterprises and its cultivation list), the chain's own figures over time (产业链运行监测)
and its open cases by light. The catalogue is the same for every signed-in visitor; the cases and the
figures are only those the visitor may see."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chains.selectors import chain_series
from jinzhou.casework.models import Case
from jinzhou.casework.reports import LIGHTS, light_totals
from jinzhou.org.models import Chain, ChainOwner, Industry, IndustryCluster, SubField
from jinzhou.org.selectors import chain_cultivation
from jinzhou.portal import chain_documents
from jinzhou.portal.chain_lists import chain_lists
from jinzhou.portal.figures_chart import figures_chart, figures_legend
from jinzhou.portal.selectors import chain_cases, chain_map
from jinzhou.portal.views.common import portal_login_required

CASES_SHOWN = 50


@portal_login_required
def chain_index(request: HttpRequest) -> HttpResponse:
    chains = Chain.objects.select_related("leader_department").annotate(
        node_count=Count("nodes", distinct=True),
        missing_count=Count("nodes", filter=Q(nodes__is_missing_link=True), distinct=True),
    )
    subfields = SubField.objects.prefetch_related(Prefetch("chains", queryset=chains.order_by("order", "code")))
    industries = Industry.objects.prefetch_related(Prefetch("subfields", queryset=subfields.order_by("order", "code")))
    # The article's 六大产业集群 above the industries; an industry in none is listed after them.
    clusters = IndustryCluster.objects.prefetch_related(Prefetch("industries", queryset=industries))
    context = {"clusters": clusters, "unclustered": industries.filter(cluster=None), "nav": "chains"}
    return render(request, "portal/chains.html", context)


@portal_login_required
def chain_page(request: HttpRequest, pk: int) -> HttpResponse:
    chain = get_object_or_404(
        Chain.objects.select_related("industry", "subfield", "leader_department").prefetch_related(
            Prefetch("ownerships", ChainOwner.objects.select_related("enterprise"))
        ),
        pk=pk,
    )
    now = timezone.now()
    cases = chain_cases(request.user, chain, now=now)
    columns = chain_map(chain)
    figures = chain_series(chain, user=request.user)
    context = {
        "nav": "chains",
        "chain": chain,
        "columns": columns,
        "missing_links": [node for column in columns for node in column.nodes if node.is_missing_link],
        "totals": light_totals(Case.objects.visible_to(request.user).open().filter(chain=chain), now=now),
        "lights": LIGHTS,
        "cases": cases[:CASES_SHOWN],
        "cases_shown": CASES_SHOWN,
        "cultivation": chain_cultivation(chain),
        "figures": figures,
        "figures_chart": figures_chart(figures, _("%(chain)s: output value and investment") % {"chain": chain.name}),
        "figures_legend": figures_legend(),
    }
    return render(request, "portal/chain.html", context)


@portal_login_required
def chain_lists_download(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """一链一清单 of the chain as .xlsx or .docx: the catalogue as on the chain page, the cases the
    visitor may see."""
    if extension not in chain_documents.FORMATS:
        raise Http404
    chain = get_object_or_404(Chain, pk=pk)
    lists = chain_lists(request.user, chain)
    response = HttpResponse(chain_documents.render(lists, extension), content_type=chain_documents.FORMATS[extension])
    response["Content-Disposition"] = f'attachment; filename="{chain_documents.filename(lists, extension)}"'
    return response
