"""The circular page's form: the period (the picker's recent months, quarters and years, or a range of
days) and the addressees (主送)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from circulars.document import DEFAULT_ADDRESSEES
from jinzhou.casework.periods import clean_period_fields, previous_period, recent_periods


class CircularForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("Period"), max_length=30, required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    addressees = forms.CharField(
        label=gettext_lazy("Addressees (主送)"),
        max_length=300,
        required=False,
        initial=DEFAULT_ADDRESSEES,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        periods = recent_periods(today)
        self.fields["period"].widget = forms.Select(choices=[(p.code, p.label) for p in periods])
        # The circular of the month just ended is the usual one.
        self.fields["period"].initial = previous_period(periods[0]).code

    def clean(self):
        return clean_period_fields(self, super().clean(), default=self.fields["period"].initial)
