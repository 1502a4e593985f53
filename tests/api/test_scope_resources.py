"""An API key's scopes name the API's resources: exactly the endpoints there are, no more."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from jinzhou.org.choices import API_RESOURCES
from jinzhou.org.services import parse_scopes


def api_views(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield view


def test_the_scope_resources_are_the_endpoints_resources():
    served = {view.api_resource for view in api_views() if getattr(view, "api_resource", None)}
    assert "cases" in served
    assert sorted(API_RESOURCES) == sorted(served)


def test_a_key_cannot_be_scoped_to_a_resource_without_an_endpoint():
    # Webhook subscriptions are kept in the admin; there is no /api/v1/webhooks/ to grant.
    with pytest.raises(ValidationError) as caught:
        parse_scopes("cases:read,webhooks:read")
    assert "webhooks:read" in caught.value.message_dict["scopes"][0]
    assert parse_scopes("cases:read, alliances:write") == "cases:read,alliances:write"
