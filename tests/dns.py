"""A name service for tests: ``socket.getaddrinfo`` answers from a table, so a test can make a name
resolve to any address (a forbidden one included) without asking a real DNS server or connecting.

Addresses written as literals (also the C library's forms such as ``2130706433`` or ``127.1``)
resolve as usual, which involves no network; any name not in the table
does not resolve. A name may have a list of answers, one per lookup (the last one repeats): a DNS
answer that changes between lookups, as in a rebinding attack.
"""

from __future__ import annotations

import ipaddress
import socket


class FakeDNS:
    def __init__(self, monkeypatch) -> None:
        self.answers: dict[str, list[str]] = {}
        self.lookups: list[str] = []
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)

    def set(self, name: str, *addresses: str) -> None:
        """Each later lookup of ``name`` gets the next address; the last one stays."""
        self.answers[name.lower()] = list(addresses)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if _is_literal(name):
            return self._real(host, port, family, type, proto, flags)
        self.lookups.append(name)
        queue = self.answers.get(name.lower().rstrip("."))
        if not queue:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        return self._real(address, port, family, type or socket.SOCK_STREAM, proto, flags)


def _is_literal(name: str) -> bool:
    try:
        socket.inet_aton(name)  # what getaddrinfo accepts as IPv4: 127.1, 0x7f.0.0.1, 2130706433
        return True
    except OSError:
        pass
    try:
        ipaddress.IPv6Address(name.split("%", 1)[0])
        return True
    except ValueError:
        return False
