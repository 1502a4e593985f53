"""我的待办: the visitor's open cases in sections (tabs with counts), searchable, most urgent first.

The sections are ``portal.queues``'s, read off the workflows. The counts of every tab come in one
query (a conditional count per section), which also gives the paginator its count, so a tab costs
the counts, the chain menu and the page's rows whatever the number of cases.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jinzhou.org.selectors import actor_for
from jinzhou.portal import queues
from jinzhou.portal.forms import CaseFilterForm
from jinzhou.portal.selectors import UrgentFirstRows, may_watch, todo_cases, watch_counts, watched_preview
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 50
# 我关注的 on a leader's home: the worst few, with the counts and a link to the whole list.
WATCH_PREVIEW = 5


def context_filtered(form: CaseFilterForm) -> bool:
    return any(form.filters().values())


@portal_login_required
def todo_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = CaseFilterForm(request.GET)
    problems = form.problems()
    cases = todo_cases(request.user, **form.filters())
    sections = queues.sections_for(actor)
    counts = queues.section_counts(cases, sections)
    tabs = [section for section in sections if section.always or counts.get(section.code)]
    by_code = {section.code: section for section in tabs}
    wanted = request.GET.get("tab", "")
    current = by_code.get(wanted)
    if wanted and current is None:
        problems.append(_("There is no such section of your to-dos; the first one is shown."))
    if current is None:
        current = queues.default_section(tabs, counts)
    page = None
    if current is not None:
        listed = UrgentFirstRows(queues.queue(cases, current), actor, counts[current.code])
        page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "problems": problems,
        "filtered": context_filtered(form),
        "tabs": [(section, counts[section.code]) for section in tabs],
        "current": current,
        "page": page,
        "cases": page.object_list if page else [],
        "nav": "todos",
        "any_case": any(counts.values()) or context_filtered(form),
        # A university's or institute's user has no cases to handle: their work here is 揭榜挂帅.
        "challenges_hint": bool(actor.institution_id),
    }
    if may_watch(request.user):
        context["watch"] = {
            "counts": watch_counts(request.user),
            "cases": watched_preview(request.user, WATCH_PREVIEW),
        }
    return render(request, "portal/todos.html", context, status=400 if problems else 200)
