"""JSON the API accepts: no NUL characters, and no deeper nesting than ``MAX_JSON_DEPTH``.

NUL characters cannot be stored in PostgreSQL text, so they are a 400 here rather than a database
error (a 500) later. Deep nesting (``[[[[…`` 3,000 levels) makes Python's decoder, and any recursive
code after it, run out of stack: a 500. ``load_json`` is the one reader for the request body and for
the sync cursor, so both answer 400 instead.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class UnsafeJSON(ValueError):
    """Valid JSON that the API refuses (too deep, or a NUL character); the message says which."""


def check_json(value) -> None:
    """Walk ``value`` without recursion; refuse a NUL character or nesting deeper than the limit."""
    limit = settings.MAX_JSON_DEPTH
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise UnsafeJSON(_("Text may not contain NUL characters (\\u0000)."))
        elif isinstance(item, dict | list):
            if depth > limit:
                raise UnsafeJSON(_("JSON may nest at most %(limit)d levels deep.") % {"limit": limit})
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


def load_json(text: str | bytes):
    """``json.loads`` for untrusted input: ``ValueError`` (``UnsafeJSON`` included) on anything refused."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise UnsafeJSON(
            _("JSON may nest at most %(limit)d levels deep.") % {"limit": settings.MAX_JSON_DEPTH}
        ) from None
    check_json(data)
    return data


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON may nest at most %(limit)d levels deep.") % {"limit": settings.MAX_JSON_DEPTH}
            ) from None
        try:
            check_json(data)
        except UnsafeJSON as exc:
            raise ParseError(str(exc)) from None
        return data
