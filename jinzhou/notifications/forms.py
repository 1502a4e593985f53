"""The e-mail preference form, shared by the portal's and the admin's settings pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jinzhou.notifications.choices import Category


class EmailPreferenceForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label=_("No e-mail for"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the kinds of events you do not want by e-mail. You still find every one of them in your "
            "notifications here, and reminders and supervision notices always come by e-mail."
        ),
    )
