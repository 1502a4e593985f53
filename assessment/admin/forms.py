from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Scheme


class TargetImportForm(forms.Form):
    workbook = forms.FileField(label=_("Target sheet (.xlsx)"), required=False)
    # The previewed sheet, carried to the confirmation (base64), so the office uploads it once.
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    is_sample = forms.BooleanField(label=_("Mark the targets as samples"), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class StartAssessmentForm(YearForm):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.all())
