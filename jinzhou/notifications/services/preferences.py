"""A user's e-mail preferences: the kinds of case events they get no e-mail for."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jinzhou.notifications.choices import Category
from jinzhou.notifications.models import EmailPreference


def muted_categories(user) -> list[str]:
    """The categories ``user`` gets no e-mail for (``choices.Category`` values)."""
    muted = EmailPreference.objects.filter(user_id=user.pk).values_list("muted", flat=True).first()
    return [code for code in Category.values if code in (muted or ())]


def set_muted_categories(categories, *, actor) -> list[str]:
    """Save the categories the actor wants no e-mail for (their own preference only)."""
    chosen = [str(code) for code in categories or ()]
    unknown = sorted(set(chosen) - set(Category.values))
    if unknown:
        raise ValidationError({"muted": _("Unknown kind of event: %(codes)s.") % {"codes": ", ".join(unknown)}})
    muted = [code for code in Category.values if code in chosen]
    with transaction.atomic():
        EmailPreference.objects.update_or_create(user_id=actor.pk, defaults={"muted": muted})
    return muted
