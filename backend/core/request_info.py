"""Who is calling from where, for audit and sessions; only what is needed, nothing more."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from litestar import Request

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def forwarded_client(peer: str, forwarded: str, trusted: tuple[str, ...]) -> str:
    """The client's address: the connection's, unless it comes from a listed proxy; then the
    right-most ``X-Forwarded-For`` entry that is not a listed proxy.

    Each proxy appends the address it saw, so the entries a client wrote itself are on the
    left and can be anything; the right-most entry no listed proxy accounts for is the first
    one someone outside wrote about himself.
    """
    networks = _networks(trusted)

    def listed(text: str) -> bool:
        address = _address(text)
        return address is not None and any(address in network for network in networks)

    if not networks or not forwarded or not listed(peer):
        return peer[:64]
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        if listed(hop):
            nearest = hop
            continue
        # A listed proxy wrote this entry; if it is not an address, trust nothing further out.
        return (hop if _address(hop) is not None else nearest)[:64]
    return (hops[0] if hops else peer)[:64]


def client_ip(request: Request) -> str:
    """The caller's address for the audit log and the auth rate limit (the same for both)."""
    peer = request.client.host if request.client else ""
    trusted: tuple[str, ...] = request.app.state.settings.trusted_proxies
    if not trusted:
        return peer[:64]
    forwarded = ",".join(request.headers.getall("x-forwarded-for", ()))
    return forwarded_client(peer, forwarded, trusted)


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:200]


def cookie(request: Request, name: str) -> str | None:
    """One cookie's value, read from the raw header.

    ``request.cookies`` builds the whole header map and every cookie first, which on the
    session lookup (every authenticated request) cost more than the lookup itself.
    """
    prefix = name.encode() + b"="
    for header, value in request.scope["headers"]:
        if header != b"cookie":
            continue
        for part in value.split(b";"):
            part = part.strip()
            if part.startswith(prefix):
                return part[len(prefix) :].strip(b'"').decode("latin-1")
    return None
