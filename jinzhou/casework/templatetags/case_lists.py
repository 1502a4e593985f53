"""``{% case_date_hierarchy cl %}``: the case lists' date hierarchy, read through the deadline index
(``casework.admin.date_hierarchy``), drawn by Django's own ``admin/date_hierarchy.html``."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from jinzhou.casework.admin.date_hierarchy import deadline_hierarchy

register = template.Library()


@register.tag(name="case_date_hierarchy")
def case_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=deadline_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )
