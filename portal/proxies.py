"""The reader's address, for the limits that count per address (sign-in, feedback).

One function for both, so that a proxy setting can never make one of them trust an
address the sender wrote.
"""

from django.conf import settings


def client_address(request):
    """The reader's address: the connection's, or the one our own proxies recorded.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the app servers appends the
    address it received the request from to X-Forwarded-For, so the reader's address is
    that many entries from the right; entries further left are whatever the sender wrote.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
