"""Saved views of a case list (我的视图): each person's own, named, checked before they are kept."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.utils.translation import gettext as _

from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.models import SavedView

MAX_VIEWS = 30


def clean_view_query(query: str, *, allowed) -> str:
    """The query string of a list, kept only if every parameter is one the list knows (``allowed``);
    returned in a normal form (no "?", no page number)."""
    params = QueryDict((query or "").lstrip("?"))
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                "query": _("This list has no filter called %(names)s; the view was not saved.")
                % {"names": "、".join(unknown)}
            }
        )
    return urlencode([(key, value) for key in params for value in params.getlist(key)])


def save_view(*, owner, list_name: str, name: str, query: str, allowed) -> SavedView:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Name the view.")]
    elif len(name) > SavedView._meta.get_field("name").max_length:
        errors["name"] = [_("A view's name has at most 80 characters.")]
    try:
        query = clean_view_query(query, allowed=allowed)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mine = SavedView.objects.select_for_update().filter(owner=owner, list_name=list_name)
        if len(mine) >= MAX_VIEWS:
            raise ValidationError(
                {"name": _("You have %(count)d saved views: delete one first.") % {"count": MAX_VIEWS}}
            )
        if any(view.name == name for view in mine):
            raise ValidationError({"name": _("You already have a view called “%(name)s”.") % {"name": name}})
        last = mine.aggregate(last=Max("position"))["last"]
        return SavedView.objects.create(
            owner=owner, list_name=list_name, name=name, query=query, position=(last or 0) + 1
        )


def delete_view(view: SavedView, *, actor) -> None:
    if view.owner_id != actor.pk:
        raise ActionRefused(_("Only its owner may delete a saved view."))
    view.delete()
