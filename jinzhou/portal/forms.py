"""The portal's own forms: signing in and an enterprise's bottleneck report. Like every form here,
they only parse input: every rule is the service's, whose refusals come back onto the same form
(``casework.forms.apply_refusal``) with the visitor's input kept.

The case page's forms are the engine's (``casework.forms``, built by ``casework.presenter``), the
same as the admin's, so that both interfaces send the services exactly the same data.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


class BottleneckReportForm(forms.Form):
    """An enterprise reports a bottleneck in a minute: what, on which chain, what kind, details."""

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
