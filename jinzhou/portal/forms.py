"""The portal's own forms: signing in and an enterprise's bottleneck report. Like every form here,
they only parse input: every rule is the service's, whose refusals come back onto the same form
(``casework.forms.apply_refusal``) with the visitor's input kept.

The case page's forms are the engine's (``casework.forms``, built by ``casework.presenter``), the
same as the admin's, so that both interfaces send the services exactly the same data.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chains.choices import BottleneckKind
from jinzhou.casework.forms import MultipleFileField
from jinzhou.org.models import Chain, Enterprise, Institution


class SignInForm(AuthenticationForm):
    """Django's sign-in form (it passes the request to ``authenticate``, which the lockout needs),
    with the hints phones use to offer the right keyboard and saved passwords."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


def own_chains(enterprise_id: int | None):
    """The chains an enterprise is on: listed on the enterprise, owned (链主) or on the chain's map."""
    if not enterprise_id:
        return Chain.objects.none()
    return Chain.objects.filter(
        Q(enterprises=enterprise_id) | Q(ownerships__enterprise=enterprise_id) | Q(nodes__enterprises=enterprise_id)
    )


class BottleneckReportForm(forms.Form):
    """An enterprise reports a bottleneck in a minute: what, on which chain, what kind, details, files.

    The enterprise's own chains come first in the menu and the first of them is chosen; the others
    follow, since a problem may lie on a chain the enterprise is not yet listed on."""

    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"required": True}))
    chain = forms.ModelChoiceField(
        label=_("Chain"), queryset=Chain.objects.select_related("industry").order_by("industry__order", "order", "code")
    )
    bottleneck_kind = forms.ChoiceField(
        label=_("Kind of bottleneck"), choices=BottleneckKind.choices, initial=BottleneckKind.BLOCKAGE
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What is blocked, since when, and what help you need."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images; you may choose several files."),
    )

    def __init__(self, *args, enterprise_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        chains = list(self.fields["chain"].queryset)
        own = set(own_chains(enterprise_id).values_list("pk", flat=True))
        if own:
            mine = [(chain.pk, chain.name) for chain in chains if chain.pk in own]
            others = [(chain.pk, chain.name) for chain in chains if chain.pk not in own]
            # Grouped for the menu only: the value is still checked against the queryset.
            self.fields["chain"].choices = [
                ("", "---------"),
                (_("Your enterprise's chains"), mine),
                (_("Other chains"), others),
            ]
            self.fields["chain"].initial = mine[0][0]


def _chain_choices() -> list[tuple[str, str]]:
    chains = Chain.objects.select_related("industry").order_by("industry__order", "order", "code")
    return [("", _("All chains")), *((str(chain.pk), chain.name) for chain in chains)]


class CaseFilterForm(forms.Form):
    """The search box and filters of a list of cases (read from the query string). A value the form
    refuses is dropped with a message; the valid ones still apply, so nothing 500s and little is lost.
    Chains are offered as plain choices (one query for the menu), so an id is never looked up."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)
    chain = forms.ChoiceField(label=_("Chain"), required=False)
    light = forms.ChoiceField(
        label=_("Light"),
        required=False,
        choices=[("", _("All lights")), ("red", _("Red")), ("yellow", _("Yellow")), ("green", _("Green"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from jinzhou.casework.kinds import kind_choices

        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = _chain_choices()
        self.fields["kind"].choices = [("", _("All kinds")), *kind_choices()]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Reference, title or enterprise")})

    def filters(self) -> dict:
        """The valid filters, as ``portal.selectors.search_cases`` takes them."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "chain": int(data["chain"]) if data.get("chain") else None,
            "light": data.get("light") or "",
            "kind": data.get("kind") or "",
        }

    def problems(self) -> list[str]:
        """What the visitor sent that could not be used, one sentence per field."""
        return [f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()]


class CasesBehindForm(CaseFilterForm):
    """The filters of /portal/cases/, the list behind a number of the leaders' dashboard: the search
    box and filters of every list, plus the dashboard's rows (a chain, a department or an industry,
    each an id or "none" for the row without one), closed cases (grey) and "overdue"."""

    department = forms.CharField(required=False, max_length=12)
    industry = forms.CharField(required=False, max_length=12)
    rated = forms.IntegerField(required=False, min_value=1)
    closed = forms.CharField(required=False, max_length=30)
    on_time = forms.BooleanField(required=False)
    overdue = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [*self.fields["chain"].choices, ("none", _("(no chain)"))]
        self.fields["light"].choices = [*self.fields["light"].choices, ("grey", _("Closed"))]

    def _id_or_none(self, name: str):
        value = (self.cleaned_data.get(name) or "").strip()
        if value and value != "none" and not value.isdigit():
            raise forms.ValidationError(_("Not a valid choice."))
        return value

    def clean_closed(self):
        """``all`` or a period (``casework.periods``): the closed cases the on-time rate counts."""
        from jinzhou.casework.periods import parse_period
        from jinzhou.casework.reports import ALL

        value = (self.cleaned_data.get("closed") or "").strip()
        if not value:
            return None
        return ALL if value == ALL else parse_period(value)

    def clean_department(self):
        return self._id_or_none("department")

    def clean_industry(self):
        return self._id_or_none("industry")

    def behind(self) -> dict:
        """The dashboard's filters, as ``casework.reports.cases_behind`` takes them."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chain = data.get("chain") or None
        return {
            "chain": chain if chain == "none" or chain is None else int(chain),
            "department": data.get("department") or None,
            "industry": data.get("industry") or None,
            "rated": data.get("rated") or None,
            "light": data.get("light") or "",
            "overdue": bool(data.get("overdue")),
            "closed": data.get("closed"),
            "on_time": bool(data.get("on_time")),
        }

    def filters(self) -> dict:
        """The search box and kind (``search_cases``); the rest is ``behind``'s."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"text": data.get("q") or "", "kind": data.get("kind") or ""}


class ChallengeApplicationForm(forms.Form):
    """An application (揭榜) to a published challenge: the consortium's other members, chosen from the
    registry by a search that reloads the page with everything typed kept; the team, the plan, the
    budget and the files. ``submit_application`` decides; its refusals come back onto this form."""

    member_search = forms.CharField(
        label=_("Find member organisations"), required=False, max_length=60,
        help_text=_("Type part of a name and press Find; tick the enterprises and institutions that apply with you."),
    )  # fmt: skip
    partner_enterprises = forms.ModelMultipleChoiceField(
        label=_("Partner enterprises"), queryset=Enterprise.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    partner_institutions = forms.ModelMultipleChoiceField(
        label=_("Partner institutions (universities, research institutes)"), queryset=Institution.objects.all(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    team = forms.CharField(
        label=_("Team"), widget=forms.Textarea(attrs={"rows": 3, "required": True}), required=False,
        help_text=_("The project leader and the key people of each member."),
    )  # fmt: skip
    plan = forms.CharField(
        label=_("Technical plan"), widget=forms.Textarea(attrs={"rows": 6, "required": True}), required=False
    )
    budget_wan = forms.CharField(
        label=_("Budget (10k yuan)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "required": True}),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images, at most 10 files."),
    )  # fmt: skip

    # How many registry matches a search shows (choose more with a narrower search).
    SHOWN = 20

    def __init__(self, *args, own_enterprise_id=None, own_institution_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        search = (self.data.get("member_search") or "").strip() if self.is_bound else ""
        # The applicant's own unit leads, so it is not offered as a partner.
        own = {Enterprise: own_enterprise_id, Institution: own_institution_id}
        for name, model in (("partner_enterprises", Enterprise), ("partner_institutions", Institution)):
            chosen = [pk for pk in self.data.getlist(name) if str(pk).isdigit()] if self.is_bound else []
            units = model.objects.exclude(pk=own[model]) if own[model] else model.objects.all()
            self.fields[name].queryset = units
            matches = Q(pk__in=chosen)
            if search:
                matches |= Q(name__icontains=search)
                if model is Enterprise:
                    matches |= Q(short_name__icontains=search) | Q(credit_code__iexact=search)
            shown = list(units.filter(matches).order_by("name")[: self.SHOWN + len(chosen)])
            self.fields[name].choices = [(unit.pk, str(unit)) for unit in shown]
        self.searched = bool(search)


class SelfAssessmentForm(forms.Form):
    """An alliance's self-assessment (自评): the report, and for each indicator of the evaluation scheme
    (``alliances.choices.Indicator``) the evidence and the self-score, checked against the indicator's
    highest score (``alliances.scoring.MAX_SCORE``); files go to the evaluation's attachments. Saving a
    draft and submitting both call ``record_self_assessment``; submitting then fires the workflow's
    ``submit``."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    report = forms.CharField(
        label=_("Self-assessment report"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The alliance's work of the year in a few paragraphs."),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        help_text=_("Evidence files: PDF, Word, Excel, PowerPoint or images."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        from alliances.choices import Indicator
        from alliances.scoring import MAX_SCORE

        super().__init__(*args, **kwargs)
        self.indicators = []
        for code, label in Indicator.choices:
            self.fields[f"score_{code}"] = forms.DecimalField(
                label=_("Self-score (0–%(max)s)") % {"max": MAX_SCORE}, required=False, min_value=0,
                max_value=MAX_SCORE, decimal_places=2, max_digits=5,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )  # fmt: skip
            self.fields[f"evidence_{code}"] = forms.CharField(
                label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.indicators.append((code, label))

    def indicator_rows(self):
        """(label, score field, evidence field) per indicator, for the template."""
        return [(label, self[f"score_{code}"], self[f"evidence_{code}"]) for code, label in self.indicators]

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(f"score_{code}") for code, _label in self.indicators}

    def evidence(self) -> dict:
        return {code: self.cleaned_data.get(f"evidence_{code}") or "" for code, _label in self.indicators}
