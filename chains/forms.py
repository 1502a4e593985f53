"""The chain report's figures form (产业链运行监测) and its capacity rows, for the portal's filling page.
The form only carries the values; ``chains.services.save_figures`` refuses bad ones, with its messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chains.choices import CapacityUnit
from chains.services.reports import MAX_CAPACITY_ROWS
from jinzhou.org.models import Enterprise

AMOUNT_WIDGET = {"inputmode": "decimal", "step": "0.01", "min": "0"}
COUNT_WIDGET = {"inputmode": "numeric", "step": "1", "min": "0"}


def _text(label, attrs, help_text=""):
    # Plain text to the service: it says what is wrong with a value (negative, not a number) in words.
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.TextInput(attrs={**attrs, "autocomplete": "off"})
    )


class ChainReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    output_value = _text(
        _("Output value (100 million yuan)"), AMOUNT_WIDGET, _("In 100 million yuan (亿元), two decimal places.")
    )
    above_scale_enterprises = _text(
        _("Enterprises above designated size"), COUNT_WIDGET, _("Number of enterprises (户).")
    )
    investment_in_progress = _text(
        _("Investment in projects under construction (100 million yuan)"),
        AMOUNT_WIDGET,
        _("In 100 million yuan (亿元), two decimal places."),
    )
    bottlenecks_solved = _text(
        _("Bottlenecks solved in the period"),
        COUNT_WIDGET,
        _("Number (件); filled in from the chain's bottlenecks closed in the period."),
    )
    narrative = forms.CharField(
        label=_("Operation and problems"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class CapacityForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False)
    product = forms.CharField(label=_("Product"), max_length=80, required=False)
    current_capacity = _text(_("Current capacity"), AMOUNT_WIDGET)
    planned_capacity = _text(_("Planned capacity"), AMOUNT_WIDGET)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("", "---------"), *CapacityUnit.choices], required=False)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises if enterprises is not None else Enterprise.objects.all()

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "enterprise": data["enterprise"].pk if data.get("enterprise") else None,
            "product": data.get("product", ""),
            "current_capacity": data.get("current_capacity", ""),
            "planned_capacity": data.get("planned_capacity", ""),
            "unit": data.get("unit", ""),
        }


CapacityFormSet = forms.formset_factory(
    CapacityForm, extra=2, max_num=MAX_CAPACITY_ROWS, validate_max=True, absolute_max=MAX_CAPACITY_ROWS
)


def capacity_rows(formset) -> list[dict]:
    """The rows typed (an untouched blank row is not a row)."""
    return [form.row() for form in formset.forms if form.has_changed() and not form.cleaned_data.get("DELETE")]
