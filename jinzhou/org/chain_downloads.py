"""Files a higher layer offers for a chain (the portal's 一链一清单 in Excel and Word), shown as links on
the chain's admin page. The catalogue stands on the ground floor and names no layer above it: those
layers register here in their ``AppConfig.ready``, as the kinds register with the case engine."""

from __future__ import annotations

from collections.abc import Callable

_DOWNLOADS: dict[str, tuple] = {}


def register_chain_download(key: str, label, url_for: Callable) -> None:
    """Offer a download for every chain: ``url_for(chain)`` is its URL, ``label`` the link's text."""
    _DOWNLOADS[key] = (label, url_for)


def chain_downloads(chain) -> list[tuple[str, str]]:
    """(label, URL) of every download offered for ``chain``."""
    return [(str(label), url_for(chain)) for label, url_for in _DOWNLOADS.values()]
