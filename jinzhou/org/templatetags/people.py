"""People in templates: ``{{ user|person }}`` names a person by full name and unit, never by login."""

from django import template

from jinzhou.org.selectors import person_label

register = template.Library()


@register.filter
def person(user, default: str = "") -> str:
    """``person_label(user)``, or ``default`` for no one (e.g. ``|person:_("System")``)."""
    return person_label(user) or default
