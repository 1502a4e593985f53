"""Saved views (我的视图) on the case lists: each person's own named filters, shown above the list.

A view is saved from the list as it is filtered; only the list's own parameters (its filters, date
drill-down, search and order) are kept, and the list is built once with them so that a bad value is
refused with a message instead of a saved view that fails. A person never sees another's views.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils.translation import gettext as _

from jinzhou.casework.forms import REFUSALS, refusal_texts
from jinzhou.casework.models import SavedView
from jinzhou.casework.services import clean_view_query, delete_view, save_view

# Navigation, not filters: dropped from a saved view rather than refused.
NAVIGATION = ("p", "e", "_changelist_filters")


def list_name(model_admin) -> str:
    return f"{model_admin.opts.app_label}.{model_admin.opts.model_name}"


def _list_for(model_admin, request: HttpRequest, query: str):
    listing = copy.copy(request)
    listing.method = "GET"
    listing.GET = QueryDict(query)
    return model_admin.get_changelist_instance(listing)


def list_params(model_admin, request: HttpRequest) -> set[str]:
    """Every parameter the list understands: its filters', its date drill-down, search and order."""
    changelist = _list_for(model_admin, request, "")
    params = {SEARCH_VAR, ORDER_VAR}
    for spec in changelist.filter_specs:
        params.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        params.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return params


def views_of(model_admin, request: HttpRequest) -> list[SavedView]:
    return list(SavedView.objects.filter(owner=request.user, list_name=list_name(model_admin)))


def _back(model_admin, query: str = "") -> HttpResponseRedirect:
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def save_view_page(model_admin, request: HttpRequest) -> HttpResponseRedirect:
    if request.method != "POST" or not model_admin.has_view_permission(request):
        raise PermissionDenied
    raw = QueryDict(request.POST.get("query", "").lstrip("?"), mutable=True)
    for name in NAVIGATION:
        raw.pop(name, None)
    query = raw.urlencode()
    try:
        query = clean_view_query(query, allowed=list_params(model_admin, request))
        _list_for(model_admin, request, query)  # a value the list refuses is refused here
    except (IncorrectLookupParameters, SuspiciousOperation, ValidationError) as error:
        texts = refusal_texts(error) if isinstance(error, ValidationError) else []
        messages.error(
            request, _("The view was not saved: %(why)s") % {"why": "；".join(texts) or _("its filters are not valid.")}
        )
        return _back(model_admin)
    try:
        view = save_view(
            owner=request.user,
            list_name=list_name(model_admin),
            name=request.POST.get("name", ""),
            query=query,
            allowed=list_params(model_admin, request),
        )
    except REFUSALS as error:
        messages.error(request, _("The view was not saved: %(why)s") % {"why": "；".join(refusal_texts(error))})
        return _back(model_admin, query)
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return _back(model_admin, view.query)


def delete_view_page(model_admin, request: HttpRequest, view_id: int) -> HttpResponseRedirect:
    if request.method != "POST":
        raise PermissionDenied
    # Another person's view does not exist for this visitor.
    view = SavedView.objects.filter(pk=view_id, owner=request.user, list_name=list_name(model_admin)).first()
    if view is None:
        raise Http404
    try:
        delete_view(view, actor=request.user)
    except REFUSALS as error:
        messages.error(request, "；".join(refusal_texts(error)))
    else:
        messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return _back(model_admin)


def saved_view_urls(model_admin) -> list:
    info = model_admin.opts.app_label, model_admin.opts.model_name
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "saved-views/",
            wrap(lambda request: save_view_page(model_admin, request)),
            name="{}_{}_save_view".format(*info),
        ),
        path(
            "saved-views/<int:view_id>/delete/",
            wrap(lambda request, view_id: delete_view_page(model_admin, request, view_id)),
            name="{}_{}_delete_view".format(*info),
        ),
    ]
