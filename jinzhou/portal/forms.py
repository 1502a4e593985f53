"""The portal's forms. Like the admin's, they only parse input: every rule is the service's, whose
refusals come back onto the same form with the visitor's input kept.

The forms of the case page are the admin's own (``casework.admin.forms``), so that both interfaces
send the services exactly the same data; the portal only draws them differently.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from chains.choices import BottleneckKind
from jinzhou.casework.admin.forms import (
    AcknowledgeForm,
    AttachmentForm,
    CommentForm,
    ExtensionRequestForm,
    ServiceForm,
    TransitionForm,
)
from jinzhou.org.models import Chain

__all__ = [
    "AcknowledgeForm",
    "AttachmentForm",
    "BottleneckReportForm",
    "CommentForm",
    "ExtensionRequestForm",
    "ProgressForm",
    "SignInForm",
    "TransitionForm",
]


class SignInForm(AuthenticationForm):
    """Django's sign-in form (it passes the request to ``authenticate``, which the lockout needs),
    with the hints phones use to offer the right keyboard and saved passwords."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ProgressForm(ServiceForm):
    """A chain task's progress report (进展), as ``chains.services.report_progress`` takes it."""

    prefix = "progress"
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "required": True}),
    )
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3, "required": True}), required=False
    )


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

    def apply_service_error(self, error) -> None:
        if hasattr(error, "error_dict"):
            for name, problems in error.message_dict.items():
                self.add_error(name if name in self.fields else None, problems)
        else:
            self.add_error(None, error.messages)
