"""一链一清单: a chain's four lists (issue 16 §3), read for one visitor.

- 问题清单: the chain's bottlenecks; 任务清单: its chain tasks, then the decisions of coordination
  meetings (``meeting_decisions``, each with its meeting); 责任清单: who answers for what (链长单位, 链主,
  专班 and its leader, co-handling departments, responsible persons); 项目清单: investment projects and
  揭榜挂帅 challenges on the chain, with their stage and amount in 亿元.

It lives in the portal because it reads both chains and projects, which may not import each other
(docs/architecture.md). The catalogue (leader department, owners, task force) is public to every
signed-in visitor, as the chain page is; every case is read through its kind's scope
(``visible_to``, and ``challenges_visible_to`` for challenges), so a list never shows a case its
reader could not open. Each list is one query (two for projects), whatever its length.

The writers (``jinzhou.portal.chain_documents``) turn ``ChainLists`` into a workbook and a Word document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.display import case_kind_label, latest_progress_text, local_date
from jinzhou.casework.models import Case, CoHandling
from jinzhou.casework.selectors import draft_q
from jinzhou.org.models import Chain, ChainOwner, TaskForce
from jinzhou.org.selectors import person_label, person_related
from projects.models import Challenge, InvestmentProject
from projects.selectors import challenges_visible_to

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


@dataclass
class ChainList:
    """One list: its title, its column headings and its rows (plain values: text, dates, numbers)."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class ChainLists:
    chain: Chain
    as_of: dt.date
    lists: list[ChainList]

    @property
    def title(self) -> str:
        return _("%(chain)s: one chain, its lists") % {"chain": self.chain.name}


def yi(amount: Decimal | None, *, from_wan: bool = False) -> Decimal | None:
    """An amount in 亿元 with two decimals (from 万元 when ``from_wan``)."""
    if amount is None:
        return None
    value = Decimal(amount) / TEN_THOUSAND if from_wan else Decimal(amount)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _progress(case) -> str:
    text = latest_progress_text(case)
    on = local_date(case.progress_at)
    return f"{text}（{on.isoformat()}）" if text and on else text


def _visible(model, user):
    """``model``'s cases ``user`` may see; every one for ``user=None`` (the command line, run by
    whoever runs the server)."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def _cases(model, user, chain):
    """The chain's cases of ``model`` the visitor may see, drafts left out (not yet a problem of the
    chain), open first by deadline, with what a row shows in the same query."""
    return (
        _visible(model, user)
        .filter(chain=chain)
        .exclude(draft_q())
        .select_related("reporter_enterprise", "responsible_department", "responsible_person")
        .select_related(*person_related("responsible_person"))
        .with_latest_progress()
        .order_by("-is_open", "due_at", "id")
    )


def problem_list(user, chain) -> ChainList:
    rows = [
        [
            number,
            f"【{case_kind_label(case)}】{case.title}",
            case.reporter_enterprise.name if case.reporter_enterprise_id else "",
            str(case.responsible_department or ""),
            person_label(case.responsible_person),
            local_date(case.due_at),
            str(case.status_label),
            _progress(case),
        ]
        for number, case in enumerate(_cases(Bottleneck, user, chain), start=1)
    ]
    header = [_("No."), _("Problem"), _("Enterprise"), _("Responsible department"), _("Responsible person"),
              _("Time limit"), _("Status"), _("Progress and date")]  # fmt: skip
    return ChainList(_("Problem list"), header, rows)


def _task_row(number: int, case, source: str) -> list:
    return [
        number,
        case.title,
        source,
        str(case.responsible_department or ""),
        person_label(case.responsible_person),
        local_date(case.due_at),
        case.progress,
        str(case.status_label),
        _progress(case),
    ]


def meeting_decisions(user, chain) -> list[list]:
    """The chain's decisions of coordination meetings (议定事项), rows shaped as the task list's: each
    is tracked as a chain task, named here with the meeting that decided it (专班调度会 2026-12-01).
    One query; the task list itself leaves these tasks out, so none is listed twice."""
    tasks = _cases(ChainTask, user, chain).filter(decision__isnull=False).select_related("decision__meeting")
    rows = []
    for number, case in enumerate(tasks, start=1):
        meeting = case.decision.meeting
        source = _("Decided at %(kind)s %(date)s") % {"kind": meeting.get_kind_display(), "date": meeting.date}
        rows.append(_task_row(number, case, source))
    return rows


def task_list(user, chain) -> ChainList:
    tasks = _cases(ChainTask, user, chain).filter(decision__isnull=True)
    rows = [_task_row(number, case, case.get_source_display()) for number, case in enumerate(tasks, start=1)]
    decisions = meeting_decisions(user, chain)
    rows += [[len(rows) + offset, *row[1:]] for offset, row in enumerate(decisions, start=1)]
    header = [_("No."), _("Task"), _("Task source"), _("Responsible department"), _("Responsible person"),
              _("Time limit"), _("Progress (%)"), _("Status"), _("Progress and date")]  # fmt: skip
    note = "" if decisions else _("Decisions of coordination meetings appear here once meetings are recorded.")
    return ChainList(_("Task list"), header, rows, note)


def responsibility_list(user, chain) -> ChainList:
    rows: list[list] = []
    leader = chain.leader_department
    rows.append(
        [
            _("Chain-leader department"),
            leader.name,
            person_label(leader.head),
            _("Leads the chain's work: its tasks and bottlenecks."),
        ]
    )
    for owner in ChainOwner.objects.filter(chain=chain).select_related("enterprise").order_by("id"):
        rows.append(
            [_("Chain owner (链主)"), owner.enterprise.name, "", owner.note or _("Leading enterprise of the chain.")]
        )
    force = TaskForce.objects.filter(industry_id=chain.industry_id).select_related(*person_related("leader")).first()
    if force is not None:
        # The catalogue names the vice mayor (副市长 某某); the account only when no name is recorded.
        named = "".join(filter(None, [force.leader_title, force.leader_name]))
        head = named if force.leader_name else person_label(force.leader)
        rows.append([_("Industry task force"), force.name, head,
                     _("Leads the industry's chains; approves extensions and takes escalations.")])  # fmt: skip
    visible = _visible(Case, user).filter(chain=chain)
    co_handling = (
        CoHandling.objects.filter(case__in=visible.values("pk"))
        .values("department__name")
        .annotate(n=Count("case", distinct=True))
        .order_by("department__name")
    )
    for item in co_handling:
        rows.append([_("Co-handling department"), item["department__name"], "",
                     _("Co-handles %(count)d case(s) on the chain.") % {"count": item["n"]}])  # fmt: skip
    people = (
        visible.open()
        .filter(responsible_person__isnull=False)
        .values("responsible_person")
        .annotate(n=Count("pk"))
        .order_by("-n", "responsible_person")
    )
    counts = {item["responsible_person"]: item["n"] for item in people}
    users = {person.pk: person for person in _users(counts)}
    for pk, n in counts.items():
        person = users.get(pk)
        rows.append([_("Responsible person on cases"), _unit(person), person_label(person),
                     _("Answers for %(count)d open case(s) on the chain.") % {"count": n}])  # fmt: skip
    numbered = [[number, *row] for number, row in enumerate(rows, start=1)]
    header = [_("No."), _("Role"), _("Unit or enterprise"), _("Person in charge"), _("What they answer for")]
    return ChainList(_("Responsibility list"), header, numbered)


def _users(pks):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=list(pks)).select_related(*person_related())


def _unit(person) -> str:
    profile = getattr(person, "profile", None)
    unit = profile and (profile.department or profile.enterprise)
    return unit.name if unit else ""


def project_list(user, chain) -> ChainList:
    rows: list[list] = []
    projects = (
        _visible(InvestmentProject, user)
        .filter(chain=chain)
        .exclude(draft_q())
        .select_related("enterprise", "responsible_department")
        .order_by("-is_open", "due_at", "id")
    )
    for project in projects:
        rows.append([_("Investment project"), project.title, project.enterprise.name if project.enterprise_id else "",
                     str(project.status_label), yi(project.amount_yi),
                     str(project.responsible_department or ""),
                     local_date(project.due_at)])  # fmt: skip
    challenges = (
        (Challenge.objects.all() if user is None else challenges_visible_to(user))
        .filter(chain=chain)
        .exclude(draft_q())
        .select_related("proposing_enterprise", "responsible_department")
        .order_by("-is_open", "due_at", "id")
    )
    for challenge in challenges:
        amount = challenge.contract_amount_wan if challenge.contract_amount_wan is not None else challenge.funding_wan
        rows.append([_("Challenge (揭榜挂帅)"), challenge.title,
                     challenge.proposing_enterprise.name if challenge.proposing_enterprise_id else "",
                     str(challenge.status_label), yi(amount, from_wan=True),
                     str(challenge.responsible_department or ""),
                     local_date(challenge.due_at)])  # fmt: skip
    numbered = [[number, *row] for number, row in enumerate(rows, start=1)]
    header = [_("No."), _("Category"), _("Project"), _("Enterprise"), _("Stage"), _("Amount (100M yuan)"),
              _("Responsible department"), _("Next date")]  # fmt: skip
    return ChainList(_("Project list"), header, numbered)


def chain_lists(user, chain: Chain, *, today: dt.date | None = None) -> ChainLists:
    """The four lists of ``chain`` as ``user`` may see them (``None``: everything, for the command)."""
    chain = Chain.objects.select_related("leader_department", *person_related("leader_department__head")).get(
        pk=chain.pk
    )
    return ChainLists(
        chain=chain,
        as_of=today or timezone.localdate(),
        lists=[
            problem_list(user, chain),
            task_list(user, chain),
            responsibility_list(user, chain),
            project_list(user, chain),
        ],
    )


__all__ = ["ChainList", "ChainLists", "chain_lists", "meeting_decisions", "yi"]
