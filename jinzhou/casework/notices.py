"""The printable supervision notice (督办单): its document kind, its number and what it says.

The layout is the office's Word template (``documents``); this module only says which facts it
gets: ``notice_context(escalation)``. Its numbers are drawn in ``services.supervision.escalate``
through ``documents.next_number(SUPERVISION_NOTICE)``.
"""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jinzhou.casework import documents
from jinzhou.casework.deadlines import working_days_between
from jinzhou.org.selectors import person_label, unit_label

SUPERVISION_NOTICE = "supervision_notice"
# The issuing unit when the org chart has no leading-group office (a fresh database).
DEFAULT_ISSUER = "锦州市推动工业高质量发展领导小组办公室"


def _chinese_date(value) -> str:
    if value is None:
        return ""
    day = timezone.localtime(value).date() if hasattr(value, "hour") else value
    return f"{day.year}年{day.month}月{day.day}日"


def _issuer() -> str:
    from jinzhou.org.models import Department

    office = Department.objects.filter(kind="office").order_by("pk").first()
    return office.name if office else DEFAULT_ISSUER


def _deadline_note(due, today: date) -> str:
    if due is None:
        return ""
    days = working_days_between(today, timezone.localtime(due).date())
    if days > 0:
        return f"距办理时限还有{days}个工作日"
    if days == 0:
        return "今日到期"
    return f"已逾期{-days}个工作日"


def _enterprises(case) -> str:
    names = [case.reporter_enterprise.name] if case.reporter_enterprise_id else []
    names += [item.name for item in case.enterprises.all() if item.name not in names]
    return "、".join(names)


def notice_context(escalation, *, today: date | None = None) -> dict:
    """Every tag of the 督办单 template, for one notice (text ready to print)."""
    case = escalation.case
    today = today or timezone.localdate()
    deadline = _chinese_date(escalation.due_at)
    if escalation.target_user_id:
        addressee, unit = person_label(escalation.target_user), unit_label(escalation.target_user)
    else:
        department = escalation.target_department
        addressee = department.name if department else str(escalation.get_target_display())
        unit = department.name if department else ""
    acknowledged = escalation.acknowledged_at is not None
    return {
        "number": escalation.notice_number,
        "level": str(escalation.get_level_display()),
        "case_reference": case.reference,
        "case_title": case.title,
        "case_kind": str(case.spec.label),
        "chain": case.chain.name if case.chain_id else "",
        "enterprise": _enterprises(case),
        "responsible_department": case.responsible_department.name if case.responsible_department_id else "",
        "reason": escalation.reason,
        "required_action": (
            f"请于{deadline}前办结，并将办理结果书面反馈领导小组办公室。"
            if deadline
            else "请尽快办结，并将办理结果书面反馈领导小组办公室。"
        ),
        "deadline": deadline,
        "deadline_note": _deadline_note(escalation.due_at, today),
        "addressee": addressee,
        "addressee_unit": unit,
        "issuer": _issuer(),
        "issued_date": _chinese_date(escalation.issued_at),
        "acknowledged": acknowledged,
        "acknowledged_by": person_label(escalation.acknowledged_by) if acknowledged else "",
        "acknowledged_at": timezone.localtime(escalation.acknowledged_at).strftime("%Y-%m-%d %H:%M")
        if acknowledged
        else "",
    }


def sample_context() -> dict:
    """What an uploaded template must render with: every tag, with realistic values."""
    return {
        "number": "锦工领办督〔2026〕12号",
        "level": "红色督办",
        "case_reference": "DD-2026-00042",
        "case_title": "钛白粉项目用地指标未落实",
        "case_kind": "断点",
        "chain": "钛白粉产业链",
        "enterprise": "锦州钛业股份有限公司",
        "responsible_department": "锦州市工业和信息化局",
        "reason": "已逾期5个工作日，未报送办理进展。",
        "required_action": "请于2026年12月10日前办结，并将办理结果书面反馈领导小组办公室。",
        "deadline": "2026年12月10日",
        "deadline_note": "已逾期5个工作日",
        "addressee": "王磊（工信局）",
        "addressee_unit": "工信局",
        "issuer": DEFAULT_ISSUER,
        "issued_date": "2026年12月3日",
        "acknowledged": False,
        "acknowledged_by": "",
        "acknowledged_at": "",
    }


def signed_sample_context() -> dict:
    """The same notice once acknowledged (the template's signed branch)."""
    return {
        **sample_context(),
        "acknowledged": True,
        "acknowledged_by": "王磊（工信局）",
        "acknowledged_at": "2026-12-04 09:30",
    }


TAGS = (
    ("number", _("notice number, e.g. 锦工领办督〔2026〕12号")),
    ("level", _("level (蓝色提醒 … 红色督办)")),
    ("case_reference", _("case reference")),
    ("case_title", _("case title")),
    ("case_kind", _("kind of case")),
    ("chain", _("chain")),
    ("enterprise", _("enterprises concerned")),
    ("responsible_department", _("responsible department")),
    ("reason", _("reason for the notice")),
    ("required_action", _("what is required, with the deadline")),
    ("deadline", _("deadline, e.g. 2026年12月10日")),
    ("deadline_note", _("working days left or overdue")),
    ("addressee", _("addressee: name and unit, or the department")),
    ("addressee_unit", _("addressee's unit")),
    ("issuer", _("issuing unit")),
    ("issued_date", _("date of issue")),
    ("acknowledged", _("true once acknowledged ({% if acknowledged %}…{% endif %})")),
    ("acknowledged_by", _("who acknowledged (签收人)")),
    ("acknowledged_at", _("when it was acknowledged")),
)

documents.register(
    documents.DocumentKind(
        name=SUPERVISION_NOTICE,
        label=_("Supervision notice (督办单)"),
        default_file=documents.TEMPLATES_DIR / f"{SUPERVISION_NOTICE}.docx",
        samples=lambda: [sample_context(), signed_sample_context()],
        tags=TAGS,
        # A sequence of its own: the official numbers start at 1 each year, apart from the old DB-… numbers.
        sequence_prefix="DBD",
        number_pattern="锦工领办督〔{year}〕{seq}号",
    )
)


# --- serving it ---------------------------------------------------------------------------------------
FORMATS = ("docx", "pdf")


def print_links(urls, case, notice) -> dict:
    """The case page's links to one notice: Word always, PDF only where the server can convert."""
    return {
        "docx": urls.notice(case, notice, "docx"),
        "pdf": urls.notice(case, notice, "pdf") if documents.pdf_available() else None,
    }


def load_notice(case, notice_id: int):
    return get_object_or_404(
        case.escalations.select_related(
            "case__chain",
            "case__responsible_department",
            "case__reporter_enterprise",
            "target_department",
            "target_user__profile__department",
            "target_user__profile__enterprise",
            "acknowledged_by__profile__department",
            "acknowledged_by__profile__enterprise",
        ),
        pk=notice_id,
    )


def notice_docx(escalation) -> bytes:
    return documents.render(SUPERVISION_NOTICE, notice_context(escalation))


def notice_response(request: HttpRequest, case, notice_id: int, fmt: str, *, back: str) -> HttpResponse:
    """One notice of ``case`` (loaded in the visitor's scope) as a Word or PDF download. A notice the
    visitor may not print, or of another case, is a 404; a failed PDF conversion is a message on the
    case page (``back``), not an error page."""
    from jinzhou.casework.services import may_print_notice

    if fmt not in FORMATS:
        raise Http404
    escalation = load_notice(case, notice_id)
    if not may_print_notice(escalation, request.user):
        raise Http404
    try:
        data = notice_docx(escalation)
    except Exception as error:  # the office's template failing on real data is a message, not a 500
        messages.error(
            request,
            gettext("The notice could not be filled into the office's template (%(error)s); check it under 文书模板.")
            % {"error": f"{type(error).__name__}: {error}"},
        )
        return HttpResponseRedirect(back)
    stem = f"{gettext('Supervision notice')}-{escalation.notice_number}"
    if fmt == "pdf":
        try:
            data = documents.to_pdf(data)
        except documents.ConversionFailed as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(back)
        return FileResponse(
            io.BytesIO(data), as_attachment=True, filename=f"{stem}.pdf", content_type="application/pdf"
        )
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"{stem}.docx", content_type=documents.DOCX_CONTENT_TYPE
    )
