"""Generating a circular: draw its number, fill the Word document and the workbook from the figures,
and keep all of it (``Circular``), so what was issued can be downloaded and shown again as it was."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circulars.document import (
    CIRCULAR,
    DEFAULT_ADDRESSEES,
    DEFAULT_ISSUER,
    chinese_date,
    circular_docx,
    circular_title,
)
from circulars.models import Circular
from circulars.selectors import figures_for, may_read_circulars
from circulars.workbook import circular_xlsx
from jinzhou.casework import documents
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.periods import Period


def _issuer() -> str:
    from jinzhou.org.models import Department

    office = Department.objects.filter(kind="office").order_by("pk").values_list("name", flat=True).first()
    return office or DEFAULT_ISSUER


def check_may_generate(user) -> None:
    if user is not None and not may_read_circulars(user):
        raise ActionRefused(_("Only the leading-group office and the leading group may issue circulars."))


def generate_circular(user, period: Period, *, addressees: str = "", now: dt.datetime | None = None) -> Circular:
    """Issue the circular of ``period``: the next number of the "circular" document kind (this year's),
    the figures of the cases ``user`` may see (every case for ``user=None``, the command line), the
    .docx and .xlsx, kept together. Refused (``ActionRefused``) for anyone but the office and leaders."""
    check_may_generate(user)
    now = now or timezone.now()
    figures = figures_for(user, period, now=now)
    with transaction.atomic():
        number = documents.next_number(CIRCULAR, timezone.localtime(now).year)
        title = circular_title(figures["period"])
        figures["document"] = {
            "title": title,
            "number": number,
            "addressees": addressees.strip() or DEFAULT_ADDRESSEES,
            "issuer": _issuer(),
            "issued_date": chinese_date(timezone.localtime(now).date()),
        }
        return Circular.objects.create(
            number=number,
            title=title,
            period_code=period.code,
            period_label=period.label,
            generated_by=user,
            figures=figures,
            docx=circular_docx(figures),
            xlsx=circular_xlsx(figures),
        )
