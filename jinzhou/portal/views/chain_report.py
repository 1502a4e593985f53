"""A chain's operation report (产业链运行监测) in the portal: the chain-leader department's staff fill in
the figures (save, then submit, or both at once) from 我的待办 → the case page; everyone else who sees
the report reads it; outside the case scope, 404.

The rules are the services': ``may_fill_report`` / ``save_figures`` and the workflow's ``submit``
(through ``casework.services.transition``, whose effect refuses a report with a figure missing)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chains.forms import CapacityFormSet, ChainReportForm, capacity_rows
from chains.models import ChainReport
from chains.services import may_fill_report, save_figures
from jinzhou.casework.forms import REFUSALS, apply_refusal
from jinzhou.casework.services import get_case_for, transition
from jinzhou.org.models import Enterprise
from jinzhou.portal.views.common import portal_login_required

SUBMIT = "submit"
FIGURES = ("output_value", "above_scale_enterprises", "investment_in_progress", "bottlenecks_solved", "narrative")


def figures_link(case, user) -> dict | None:
    """The case page's link to the figures: its address, and whether the visitor fills them in."""
    if not isinstance(case, ChainReport):
        return None
    return {"url": reverse("portal:chain_report", args=[case.pk]), "editable": may_fill_report(case, user)}


def _enterprises(report: ChainReport):
    """The enterprises a capacity row may name: the chain's owners and those on its map first."""
    chain = report.reporting_chain_id
    on_chain = Enterprise.objects.filter(Q(owned_chains=chain) | Q(chain_nodes__chain=chain), pk=OuterRef("pk"))
    return Enterprise.objects.annotate(on_chain=Exists(on_chain)).order_by("-on_chain", "name")


def _initial(report: ChainReport) -> tuple[dict, list[dict]]:
    figures = {name: getattr(report, name) for name in FIGURES}
    figures = {name: ("" if value is None else value) for name, value in figures.items()}
    rows = [
        {
            "enterprise": row.enterprise_id,
            "product": row.product,
            "current_capacity": row.current_capacity,
            "planned_capacity": "" if row.planned_capacity is None else row.planned_capacity,
            "unit": row.unit,
        }
        for row in report.capacities.all()
    ]
    return {"version": report.version, **figures}, rows


def _save(request: HttpRequest, report: ChainReport, form, formset, submitting: bool) -> ChainReport:
    with transaction.atomic():
        updated = save_figures(
            report,
            actor=request.user,
            version=form.cleaned_data["version"],
            capacities=capacity_rows(formset),
            **{name: form.cleaned_data.get(name, "") for name in FIGURES},
        )
        if submitting:
            # One transaction: a refused submission keeps nothing, and the form comes back as typed.
            fresh = get_case_for(request.user, report.pk, model=ChainReport)
            updated = transition(fresh, SUBMIT, actor=request.user)
    return updated


def _apply(form, formset, error) -> list[str]:
    """Put a refusal on the form and each capacity row's problem on its row's field; what fits no
    field is returned, for above the rows."""
    if not (isinstance(error, ValidationError) and hasattr(error, "error_dict")):
        apply_refusal(form, error)
        return []
    problems = dict(error.error_dict)
    rows = problems.pop("capacities", [])
    if problems:
        apply_refusal(form, ValidationError(problems))
    typed = [row for row in formset.forms if row.has_changed()]
    elsewhere = []
    for problem in rows:
        row = (problem.params or {}).get("row")
        target = typed[row - 1] if row and row <= len(typed) else None
        if target is not None and problem.code in target.fields:
            target.add_error(problem.code, problem.messages)
        else:
            elsewhere.extend(problem.messages)
    return elsewhere


@portal_login_required
def chain_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_case_for(request.user, pk, model=ChainReport)
    editable = may_fill_report(report, request.user)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    initial, rows = _initial(report)
    data = request.POST if request.method == "POST" else None
    form = ChainReportForm(data, initial=initial)
    formset = CapacityFormSet(data, initial=rows, prefix="capacity", form_kwargs={"enterprises": _enterprises(report)})
    if data is not None and form.is_valid() and formset.is_valid():
        submitting = SUBMIT in request.POST
        try:
            _save(request, report, form, formset, submitting)
        except REFUSALS as error:
            formset_errors = _apply(form, formset, error)
        else:
            if submitting:
                messages.success(request, _("Figures submitted to the leading-group office."))
                return HttpResponseRedirect(reverse("portal:case", args=[report.pk]))
            messages.success(request, _("Figures saved. Submit them when they are complete."))
            return HttpResponseRedirect(reverse("portal:chain_report", args=[report.pk]))
    else:
        formset_errors = []
    if data is not None and (form.errors or formset_errors or not formset.is_valid()):
        messages.error(request, _("Not saved: check the marked fields below. Nothing you typed is lost."))
    context = {
        "report": report,
        "form": form,
        "formset": formset,
        "capacity_errors": formset_errors,
        "editable": editable,
        "capacities": report.capacities.select_related("enterprise"),
    }
    return render(request, "portal/chain_report.html", context)
