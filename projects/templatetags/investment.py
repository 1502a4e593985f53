"""``{{ value|yi }}``: an amount in 亿元 with two decimals, as the investment report's exports write it;
``{{ cell|report_cell }}``: a report cell, amounts through ``yi`` and counts as they are."""

from decimal import Decimal

from django import template

from projects.investment_report import yi_text

register = template.Library()


@register.filter
def yi(value) -> str:
    return yi_text(value)


@register.filter
def report_cell(value):
    return yi_text(value) if isinstance(value, Decimal) else value
