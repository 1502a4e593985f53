"""An alliance's self-assessment (自评) in the portal: the lead member's users fill it in (a draft they
may save, then submit); everyone else who sees the evaluation reads it; outside the case scope, 404.

The rules are the services': ``may_record_self_assessment`` / ``record_self_assessment`` and the
evaluation workflow's ``submit`` (through ``casework.services.transition``), as in the admin and the API.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alliances.models import AllianceEvaluation
from alliances.services import may_record_self_assessment, record_self_assessment
from jinzhou.casework.forms import REFUSALS, apply_refusal
from jinzhou.casework.services import attach_file, get_case_for, transition
from jinzhou.casework.services.files import validate_upload
from jinzhou.portal.forms import SelfAssessmentForm
from jinzhou.portal.views.common import portal_login_required

SUBMIT = "submit"


def self_assessment_url(case) -> str | None:
    """The form's address for an evaluation (the case page links to it), else ``None``."""
    if isinstance(case, AllianceEvaluation):
        return reverse("portal:self_assessment", args=[case.pk])
    return None


def self_assessment_link(case, user) -> dict | None:
    """The case page's link to the form: its address, and whether the visitor fills it in or reads it."""
    url = self_assessment_url(case)
    return {"url": url, "editable": may_record_self_assessment(case, user)} if url else None


def refused_submission_message(request: HttpRequest, case, action: str) -> None:
    """When submitting an evaluation was refused, say where the self-assessment is filled in."""
    url = self_assessment_url(case)
    if url and action == SUBMIT:
        messages.error(
            request,
            format_html(
                '{} <a href="{}" data-testid="self-assessment-link">{}</a>',
                _("The self-assessment is filled in on its own page:"),
                url,
                _("Fill in the self-assessment"),
            ),
        )


def _initial(evaluation: AllianceEvaluation) -> dict:
    initial = {"version": evaluation.version, "report": evaluation.self_report}
    for code, value in (evaluation.self_scores or {}).items():
        initial[f"score_{code}"] = value
    for code, text in (evaluation.self_evidence or {}).items():
        initial[f"evidence_{code}"] = text
    return initial


def _save(request: HttpRequest, evaluation: AllianceEvaluation, form: SelfAssessmentForm, submitting: bool):
    """Record the self-assessment (and its files), then submit it when asked; the evaluation or a refusal."""
    uploads = form.cleaned_data.get("attachments") or []
    problems = []
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({"attachments": problems})
    with transaction.atomic():
        updated = record_self_assessment(
            evaluation,
            actor=request.user,
            report=form.cleaned_data.get("report") or "",
            scores={code: str(value) for code, value in form.scores().items() if value is not None},
            evidence=form.evidence(),
            version=form.cleaned_data["version"],
            draft=not submitting,
        )
        for upload in uploads:
            attach_file(updated, actor=request.user, upload=upload)
        if submitting:
            # One transaction: a refused submission leaves the evaluation (and its version) as it was,
            # and the form comes back with everything typed.
            fresh = get_case_for(request.user, evaluation.pk, model=AllianceEvaluation)
            updated = transition(fresh, SUBMIT, actor=request.user)
    return updated


@portal_login_required
def self_assessment_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_case_for(request.user, pk, model=AllianceEvaluation)
    editable = may_record_self_assessment(evaluation, request.user)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = SelfAssessmentForm(request.POST or None, request.FILES or None, initial=_initial(evaluation))
    if request.method == "POST" and form.is_valid():
        submitting = SUBMIT in request.POST
        try:
            _save(request, evaluation, form, submitting)
        except REFUSALS as error:
            apply_refusal(form, error, fields={"self_report": "report"})
        else:
            if submitting:
                messages.success(request, _("Self-assessment submitted to the science and technology bureau."))
                return HttpResponseRedirect(reverse("portal:case", args=[evaluation.pk]))
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return HttpResponseRedirect(reverse("portal:self_assessment", args=[evaluation.pk]))
    if request.method == "POST" and form.errors:
        messages.error(request, _("Not saved: check the marked fields below. Nothing you typed is lost."))
    context = {
        "evaluation": evaluation,
        "form": form,
        "editable": editable,
        "rows": form.indicator_rows(),
        "scores": [
            (label, (evaluation.self_scores or {}).get(code), (evaluation.self_evidence or {}).get(code, ""))
            for code, label in form.indicators
        ],
        "files": evaluation.attachments.all(),
    }
    return render(request, "portal/self_assessment.html", context)
