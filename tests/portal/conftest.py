"""Fixtures of the portal's tests: the named org chart of tests/world.py and a few helpers."""

import pytest
from django.urls import reverse

from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def case_url(case) -> str:
    return reverse("portal:case", args=[case.pk])


def fire(client, case, action: str, version=None, **fields):
    """Press a transition's button on the case page, as the form posts it."""
    case.refresh_from_db()
    data = {f"t-{action}-version": case.version if version is None else version}
    data.update({f"t-{action}-{name}": value for name, value in fields.items()})
    return client.post(reverse("portal:transition", args=[case.pk, action]), data, follow=True)


def panel(client, case, name: str, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    return client.post(reverse("portal:panel", args=[case.pk, name]), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
