"""Requests to URLs that someone typed in (partner webhooks, chat robots): the one SSRF rule.

A URL is refused when it carries user info (``user:password@``), or when its host is, or resolves
to, an address that is not a public one: loopback, link-local (the cloud metadata service at
169.254.169.254), private, shared (100.64/10), multicast, reserved or unspecified, in IPv4 or IPv6
(including IPv4 written inside IPv6). Partners on a government intranet do live on private
addresses, so the operator lists what is allowed anyway in ``WEBHOOK_ALLOWED_NETWORKS``: networks
(``10.20.0.0/16``, a single address) or host names (``partner.gov.internal``: whatever that name
resolves to is trusted). Nothing is allowed by default.

The rule is checked twice:

- when the URL is saved (``validate_url`` from the models' ``clean()``, so the admin form says
  what is wrong); a name that does not resolve yet is accepted there and checked when used;
- when a request is made (``urlopen``): the name is resolved once, every address is checked, and
  the socket connects to an address that was checked. A DNS answer that changes between the
  check and the connection (rebinding) therefore has nothing to slip through. Redirects are not
  followed, and proxy variables from the environment are ignored (a proxy would do its own
  resolving, out of reach of the check).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv4 carried in IPv6: the NAT64 well-known prefix (RFC 6052) reaches any IPv4 address through a
# NAT64 gateway, so its embedded address is what gets checked.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class ForbiddenDestination(OSError):
    """The request would go to an address the rule refuses; nothing was sent. An ``OSError`` so
    that urllib reports it like any other connection failure (``URLError.reason``)."""


# --- the rule -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _parse_allowed(entries: tuple[str, ...]) -> tuple[tuple, frozenset[str]]:
    networks, hosts = [], set()
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            if "/" in entry or not entry.strip(".") or " " in entry:
                raise ImproperlyConfigured(
                    f"WEBHOOK_ALLOWED_NETWORKS: {entry!r} is neither a network (10.20.0.0/16), an address "
                    "nor a host name."
                ) from None
            hosts.add(entry.lower().rstrip("."))
    return tuple(networks), frozenset(hosts)


def _allowed() -> tuple[tuple, frozenset[str]]:
    return _parse_allowed(tuple(getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", ()) or ()))


def host_is_allowed(host: str) -> bool:
    """The operator listed this host name in ``WEBHOOK_ALLOWED_NETWORKS``."""
    return host.lower().rstrip(".") in _allowed()[1]


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_public(ip: IPAddress) -> bool:
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return _is_public(embedded)
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


def address_is_allowed(ip: IPAddress) -> bool:
    """A public address, or one inside a network the operator allowed."""
    embedded = _embedded_ipv4(ip)
    for candidate in (ip,) if embedded is None else (ip, embedded):
        if any(candidate in network for network in _allowed()[0] if network.version == candidate.version):
            return True
    return _is_public(ip)


def _address_of(sockaddr: tuple) -> IPAddress:
    # An IPv6 link-local answer may carry a zone ("fe80::1%eth0").
    return ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])


def resolve(host: str, port: int) -> list[tuple]:
    """Resolve ``host`` once and check every answer; returns getaddrinfo's entries (all allowed).
    Raises ``ForbiddenDestination`` if any answer is refused (a name that also points inside is not
    trusted with the other answers), ``socket.gaierror`` if the name does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if host_is_allowed(host):
        return infos
    for *_rest, sockaddr in infos:
        address = _address_of(sockaddr)
        if not address_is_allowed(address):
            where = f"{address} is" if str(address) == host else f"{host} is {address}, which is"
            raise ForbiddenDestination(
                f"{where} not a public address: not sent "
                "(an intranet partner's network must be listed in WEBHOOK_ALLOWED_NETWORKS)."
            )
    return infos


def validate_url(url: str) -> None:
    """What a model's ``clean()`` calls: refuse the URL with a message for the form. See the module."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter a valid http or https URL."), code="invalid")
    if "@" in parts.netloc:
        raise ValidationError(
            _("The URL must not contain a user name or password."),
            code="user_info",
        )
    try:
        resolve(parts.hostname, port)
    except ForbiddenDestination:
        raise ValidationError(
            _(
                "%(host)s is an internal address (loopback, link-local, private, multicast or reserved); "
                "requests are not sent there. If this partner is on the intranet, the operator must allow "
                "its network in WEBHOOK_ALLOWED_NETWORKS."
            )
            % {"host": parts.hostname},
            code="forbidden_address",
        ) from None
    except (OSError, UnicodeError):
        # Not resolvable now (or no DNS from here): checked again, after resolving, on every request.
        return


# --- the connection -------------------------------------------------------------------------------
def _connect_checked(address: tuple[str, int], timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """``socket.create_connection`` that connects only to addresses ``resolve`` checked."""
    host, port = address
    error: OSError | None = None
    for family, socktype, proto, _canonname, sockaddr in resolve(host, port):
        sock = socket.socket(family, socktype, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"{host} did not resolve to any address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    # TLS is then set up on the checked socket, verified against the URL's host name as usual.
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET without the body, and lead somewhere unchecked by
    # the save-time check: answer it as the failure it is.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _HTTPHandler, _HTTPSHandler(context=ssl.create_default_context()), _NoRedirects
)


def urlopen(request: urllib.request.Request, *, timeout: float):
    """Open ``request`` under the rule. Raises like ``urllib.request.urlopen``; a refused
    destination is a ``URLError`` whose ``reason`` is a ``ForbiddenDestination``."""
    if "@" in urlsplit(request.full_url).netloc:
        raise urllib.error.URLError(ForbiddenDestination("The URL contains user info: not sent."))
    return _opener.open(request, timeout=timeout)
