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
from jinzhou.org.models import Chain


class SignInForm(AuthenticationForm):
    """Django's sign-in form (it passes the request to ``authenticate``, which the lockout needs),
    with the hints phones use to offer the right keyboard and saved passwords."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (``casework.services.files``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


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
