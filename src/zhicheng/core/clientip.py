"""The visitor's address, as the throttles, the login lockout (django-axes) and the request log see it.

Behind nginx every request arrives from the proxy's address, so keying on ``REMOTE_ADDR`` would let ten wrong
guesses anywhere lock the whole city out of certificate verification. ``TRUSTED_PROXIES`` (environment variable,
comma-separated IPs or CIDRs; docs/deploy.md) names the proxies whose ``X-Forwarded-For`` we believe. The
address is found the way nginx's ``real_ip_recursive on`` does it: start from the peer (``REMOTE_ADDR``); while
it is a trusted proxy, step to the hop it reports (the right-most X-Forwarded-For entry not yet used); the first
untrusted address is the client. A peer that is not a trusted proxy is the client, whatever headers it sends, so
forging X-Forwarded-For gets an attacker nothing.

Why not django-ipware (8.0 / python-ipware 4): its ``proxy_trusted_ips`` are matched against the trailing entries
*inside* X-Forwarded-For, never against the connecting peer, so a client that connects directly and sends
``X-Forwarded-For: 1.2.3.4, <proxy address>`` is believed to be 1.2.3.4; and without that list it takes the
first public hop of the header, which the client writes. The check needed here is the peer's, which the standard
library's ``ipaddress`` does in a few lines.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(value: str) -> list[str]:
    """``TRUSTED_PROXIES`` from the environment: each entry an IP or a CIDR; a typo stops start-up."""
    entries = [part.strip() for part in (value or "").split(",") if part.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or CIDR") from None
    return entries


@lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> Address | None:
    text = (text or "").strip().strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def resolve(peer: str, forwarded_for: str, trusted: tuple[str, ...]) -> str:
    """The client address for a connection from ``peer`` carrying ``forwarded_for`` (pure, for tests)."""
    networks = _networks(trusted)
    current = _address(peer)
    if current is None:
        return peer or ""

    def is_trusted(address: Address) -> bool:
        return any(address.version == net.version and address in net for net in networks)

    hops = [hop for hop in (forwarded_for or "").split(",") if hop.strip()]
    while is_trusted(current) and hops:
        reported = _address(hops.pop())
        if reported is None:  # garbage written by whoever is beyond our last proxy: stop at what we know
            break
        current = reported
    return str(current)


def client_ip(request) -> str:
    """The address of the person behind ``request`` (also django-axes' AXES_CLIENT_IP_CALLABLE)."""
    cached = getattr(request, "_zhicheng_client_ip", None)
    if cached is not None:
        return cached
    meta = request.META
    ip = resolve(meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""),
                 tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    try:
        request._zhicheng_client_ip = ip
    except AttributeError:
        pass
    return ip
