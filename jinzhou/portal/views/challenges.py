"""揭榜挂帅 in the portal: the published challenges (a list with a search box), a challenge's page, the
application form, and the visitor's own applications with their history.

Who sees which challenge is ``projects.selectors.challenges_visible_to`` (published ones are public to
those who apply; anything else outside the case scope is a 404); applying is ``submit_application``,
the same service as the admin's paper application and the API's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.forms import REFUSALS, apply_refusal, not_done_message
from jinzhou.casework.presenter import file_response
from jinzhou.org.selectors import actor_for, person_label, person_related
from jinzhou.portal.forms import ChallengeApplicationForm
from jinzhou.portal.views.common import portal_login_required
from projects.choices import ApplicationStatus
from projects.models import ApplicationAttachment, ChallengeApplication
from projects.selectors import applications_of, challenge_board, challenge_for, may_browse_challenges
from projects.services import application_refusal, submit_application

PAGE_SIZE = 20


def person(user) -> str:
    """A person by full name and unit, never by login alone."""
    return person_label(user) or "—"


def _require_browser(request: HttpRequest) -> None:
    if not may_browse_challenges(request.user):
        raise Http404


@portal_login_required
def challenge_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    search = request.GET.get("q", "")[:60]
    page = Paginator(challenge_board(request.user, search), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/challenges.html",
        {"nav": "challenges", "page": page, "challenges": page.object_list, "q": search.strip()},
    )


def _own_lead(user) -> dict | None:
    """The visitor's own unit as a lead applicant (a filter of applications), or None."""
    actor = actor_for(user)
    if actor.enterprise_id:
        return {"lead_enterprise_id": actor.enterprise_id}
    if actor.institution_id:
        return {"lead_institution_id": actor.institution_id}
    return None


def _own_application(request: HttpRequest, challenge):
    own = _own_lead(request.user)
    if own is None:
        return None
    return (
        challenge.applications.filter(**own)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("-submitted_at")
        .first()
    )


def portal_refusal(challenge, user) -> Exception | None:
    """Why the visitor cannot apply here: the service's reason, or, for someone without an enterprise
    or institution (the bureau, the office), that paper applications are registered in the admin."""
    if _own_lead(user) is None:
        return ActionRefused(
            _(
                "In the portal the users of an enterprise, university or institute apply for their unit; the "
                "bureau registers paper applications on the challenge's page in the admin."
            )
        )
    return application_refusal(challenge, user)


@portal_login_required
def challenge_page(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = challenge_for(request.user, pk)
    context = {
        "nav": "challenges",
        "challenge": challenge,
        "refusal": portal_refusal(challenge, request.user),
        "mine": _own_application(request, challenge),
    }
    return render(request, "portal/challenge.html", context)


@portal_login_required
def apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = challenge_for(request.user, pk)
    actor = actor_for(request.user)
    form = ChallengeApplicationForm(
        request.POST or None,
        request.FILES or None,
        own_enterprise_id=actor.enterprise_id,
        own_institution_id=actor.institution_id,
    )
    refusal = portal_refusal(challenge, request.user)
    if _own_lead(request.user) is None and request.method == "POST":
        raise PermissionDenied
    # "Find" reloads the form with the matches; only the submit button applies.
    applying = request.method == "POST" and "find" not in request.POST
    if applying and form.is_valid():
        data = form.cleaned_data
        try:
            application = submit_application(
                challenge,
                actor=request.user,
                team=data["team"],
                plan=data["plan"],
                budget_wan=data["budget_wan"],
                partner_enterprises=data["partner_enterprises"],
                partner_institutions=data["partner_institutions"],
                attachments=data["attachments"],
            )
        except REFUSALS as error:
            apply_refusal(form, error, fields={"lead_enterprise": "partner_enterprises"})
        else:
            messages.success(
                request,
                _("Your application to %(reference)s is submitted. The bureau checks it after the deadline.")
                % {"reference": challenge.reference},
            )
            return HttpResponseRedirect(reverse("portal:challenge_application", args=[application.pk]))
    if applying and form.errors:
        if request.FILES:
            form.add_error("attachments", _("Choose the files again: a browser does not keep them after an error."))
        messages.error(request, not_done_message(form))
    context = {
        "nav": "challenges",
        "challenge": challenge,
        "form": form,
        "refusal": refusal,
        "lead_unit": _lead_unit_name(request.user),
    }
    return render(request, "portal/challenge_apply.html", context)


def _lead_unit_name(user) -> str:
    """The visitor's unit by its full name, as it will lead the application ("" for none)."""
    profile = getattr(user, "profile", None)
    unit = profile.unit if profile is not None else None
    return unit.name if unit is not None else ""


@portal_login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    page = Paginator(applications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/challenge_applications.html",
        {"nav": "challenges", "page": page, "applications": page.object_list},
    )


def _application(request: HttpRequest, pk: int) -> ChallengeApplication:
    visible = ChallengeApplication.objects.restrict(request.user, "view").select_related(
        "challenge", "lead_enterprise", "lead_institution", *person_related("submitted_by"),
    )  # fmt: skip
    return get_object_or_404(visible, pk=pk)


def status_history(application: ChallengeApplication) -> list[dict]:
    """The application's states, oldest first: each change of status with when it happened."""
    rows, last = [], None
    for version in application.history.order_by("history_date", "history_id"):
        if version.status != last:
            rows.append({"status": version.get_status_display(), "at": version.history_date})
            last = version.status
    return rows


@portal_login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    context = {
        "nav": "challenges",
        "application": application,
        "challenge": application.challenge,
        "entered_by": person(application.submitted_by),
        "partners": [*application.partner_enterprises.all(), *application.partner_institutions.all()],
        "files": application.attachments.all(),
        "history": status_history(application),
    }
    return render(request, "portal/challenge_application.html", context)


@portal_login_required
def application_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file of an application, only to a visitor who sees the application."""
    application = _application(request, pk)
    item = get_object_or_404(ApplicationAttachment, pk=file_id, application_id=application.pk)
    return file_response(item.file, filename=item.original_name, content_type=item.content_type)
