"""The admin's rendering of a case page: its URLs, and the context its panel templates read.

What the page offers (the steps, the panels' forms and who is offered them, the records) is the
engine's presenter (``casework.presenter``), the same as the portal's; the admin draws every panel
of the kind (the engine's, the kind's shared ones and the kind admin's ``extra_panels``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from jinzhou.casework.presenter import Panel, panels_for, present


def admin_url(case_model, name: str, *args) -> str:
    opts = case_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


class AdminUrls:
    """The kind admin's own URLs (``KindCaseAdmin.get_urls``) for the presenter."""

    def __init__(self, model) -> None:
        self.model = model

    def transition(self, case, action: str) -> str:
        return admin_url(self.model, "transition", case.pk, action)

    def panel(self, case, name: str) -> str:
        return admin_url(self.model, "panel", case.pk, name)

    def download(self, case, attachment) -> str:
        return admin_url(self.model, "attachment", case.pk, attachment.pk)

    def notice(self, case, notice, fmt: str) -> str:
        return admin_url(self.model, "notice", case.pk, notice.pk, fmt)

    def staff(self, case) -> str:
        return admin_url(self.model, "case_staff", case.pk, 0).removesuffix("0/")


def admin_panels(case_model, extra: dict[str, Panel]) -> dict[str, Panel]:
    """Every panel of the kind's change page: the engine's, the kind's shared ones, the admin's own."""
    from jinzhou.casework.kinds import spec_for_model

    return {**panels_for(spec_for_model(case_model).code), **extra}


def build_panels(request: HttpRequest, case, bound: dict, panels: dict[str, Panel]):
    """The change page's case page (``CasePage``): its ``as_context()`` is the templates' ``case_panels``."""
    return present(request, case, panels=panels, urls=AdminUrls(type(case)), bound=bound)
