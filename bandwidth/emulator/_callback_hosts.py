"""Where the emulator may send callbacks: loopback, hosts the user allowed, and never the emulator itself.

An emulator runs on a developer's machine or in CI, driven by untrusted requests: without a rule, any
client could make it send requests anywhere (a server-side request forgery), or to itself (a self-loop of
``incomingcall`` events created 2,477 calls in 5 s). So a callback URL must name a loopback host
(``localhost``, ``127.0.0.0/8``, ``::1``) or one allowed explicitly (``allowed_callback_hosts``,
``--allow-callback-host``; ``*`` allows any), and must not be the emulator's own address. The names are
checked when a URL is given (create, update, incoming call: ``400 callback-invalid-url``), and the
resolved addresses again before each delivery, so a name that resolves elsewhere later changes nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["CallbackHosts"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(host: str) -> IPAddress | None:
    """``host`` as an IP address, also in the legacy IPv4 forms resolvers take (``127.1``, ``2130706433``)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            packed = socket.inet_aton(host)
        except (OSError, ValueError):
            return None
        return ipaddress.IPv4Address(packed)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_local(address: IPAddress) -> bool:
    """Loopback, or the unspecified address (``0.0.0.0``, ``::``), which connects to this machine."""
    return address.is_loopback or address.is_unspecified


def _normal(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


class CallbackHosts:
    """The policy for callback URLs: :meth:`refusal` says why a URL is not allowed (``None``: it is)."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        names = {_normal(host) for host in allowed if host.strip()}
        self.allow_any: bool = "*" in names
        self.allowed: frozenset[str] = frozenset(names - {"*"})
        self._own: set[tuple[str, int]] = set()
        self._own_ports: set[int] = set()

    def add_own_address(self, host: str, port: int) -> None:
        """The emulator listens (or is reached) at ``host:port``: callbacks there would loop."""
        self._own.add((_normal(host), port))
        address = _address(_normal(host))
        if address is None or _is_local(address) or _normal(host) == "localhost":
            self._own_ports.add(port)

    def _is_own(self, host: str, address: IPAddress | None, port: int) -> bool:
        if (host, port) in self._own:
            return True
        local = (
            host == "localhost" or host.endswith(".localhost") or (address is not None and _is_local(address))
        )
        return local and port in self._own_ports

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not receive callbacks, judged by its host name (no DNS), or ``None``."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return "its port is not valid"
        host = _normal(parts.hostname or "")
        address = _address(host)
        if self._is_own(host, address, port):
            return "it points at the emulator itself"
        if self.allow_any or host in self.allowed:
            return None
        if host == "localhost" or host.endswith(".localhost") or (address is not None and _is_local(address)):
            return None
        return f"callbacks go to loopback hosts only; allow {host} with allowed_callback_hosts"

    def address_refusal(self, host: str, address: str, port: int) -> str | None:
        """Why a resolved address of an allowed URL may not be connected to (checked before each delivery)."""
        resolved = _address(address)
        if resolved is None:
            return f"{address} is not an IP address"
        if self._is_own(_normal(host), resolved, port) or ((str(resolved), port) in self._own):
            return "it points at the emulator itself"
        if self.allow_any or _normal(host) in self.allowed or _is_local(resolved):
            return None
        return f"{host} resolves to {resolved}, which is not a loopback address"
