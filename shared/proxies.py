"""Our own proxies, and the reader's address behind them (sign-in throttle, feedback limit).

TRUSTED_PROXIES lists the addresses or networks of the proxies in front of the app servers.
Only a request whose connection comes from one of them may speak for the reader through
X-Forwarded-For or X-Forwarded-Proto: gunicorn (gunicorn.conf.py) and Django (this module
and ForwardedHeadersMiddleware) read the same list, so they can never disagree on who that is.
"""

import ipaddress
import os
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Headers only our proxies may set: removed from any request that did not come through them.
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def read_trusted_proxies(value):
    """The networks named in a TRUSTED_PROXIES value ("10.0.0.5, 10.1.0.0/16, fd00::/8").

    An address is a network of one. Returns them as strings in the form gunicorn also
    accepts; anything that is neither an address nor a network stops the start.
    """
    networks = []
    for entry in value.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is neither an IP address nor a network."
            ) from error
    return networks


def trusted_proxies_from_environment():
    if "TRUSTED_PROXY_COUNT" in os.environ:
        raise ImproperlyConfigured(
            "TRUSTED_PROXY_COUNT is no longer read: list the addresses or networks of your "
            "proxies in TRUSTED_PROXIES instead (see README, Configuration)."
        )
    return read_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse_address(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address):
    return address is not None and any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def is_trusted_proxy(text):
    """Whether an address (as text) is one of TRUSTED_PROXIES."""
    return _is_trusted(_parse_address(text))


def client_address(request):
    """The reader's address: the connection's, or the one our own proxies recorded.

    Read from the right: the connection's address, then each X-Forwarded-For entry, as long
    as the address before it is one of our proxies (each appends the address it received
    the request from). The first address that is not one of ours is the reader's; anything
    further left is whatever the sender wrote. A request not from one of our proxies is
    answered by its connection's address alone, whatever its headers say.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = _parse_address(remote)
    if address is None:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _is_trusted(address) and forwarded:
        previous = _parse_address(forwarded.pop())
        if previous is None:  # not written by one of ours: stop at the last proxy
            break
        address = previous
    return str(address)


def counted_address(request):
    """The reader's address as the limits count it: IPv6 by its /64 network.

    One IPv6 connection is usually given a whole /64, so counting single IPv6 addresses
    would let one reader take a fresh address for every attempt.
    """
    text = client_address(request)
    address = _parse_address(text)
    if address is None:  # no IP connection (a test client, a Unix socket): counted as it is
        return text
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)
