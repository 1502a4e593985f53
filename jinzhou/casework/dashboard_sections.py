"""Sections other apps add to the admin's work dashboard, below the engine's own tables.

The engine names no app above it: an app registers a callable ``(request, now) -> str`` (rendered
HTML, "" for nothing) in its ``AppConfig.ready``, e.g. the annual targets' 目标完成情况 table."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_SECTIONS: dict[str, Callable] = {}


def register(name: str, section: Callable) -> None:
    _SECTIONS[name] = section


def render_sections(request, now) -> list[SafeString]:
    rendered = (section(request, now) for _name, section in sorted(_SECTIONS.items()))
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - each section renders a template
