"""A limit on feedback posts per address, counted in Django's cache.

With REDIS_URL set the cache is the one Redis every app server shares, so a sender cannot
spread posts across servers; `add` and `incr` are single Redis commands, so two servers
counting at once never lose a post. Without Redis the cache is the file cache every worker
of the machine shares, whose add and incr take turns on a file lock (shared/cache.py), so
workers counting at once never lose a post either. The address is kept only as a keyed
hash inside a cache key that expires with its window; it never reaches the database.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache as default_cache

from shared.proxies import counted_address


def _counter_key(address, window_seconds, now):
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    window = int(now // window_seconds)
    return f"feedback-rate:{digest.hexdigest()[:32]}:{window}"


def allow_post(request, cache=None, now=None):
    """Count this post against its address; False once the address is over the limit."""
    cache = cache or default_cache
    window_seconds = settings.FEEDBACK_RATE_LIMIT_SECONDS
    key = _counter_key(
        counted_address(request), window_seconds, time.time() if now is None else now
    )
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr: this post starts the next
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= settings.FEEDBACK_RATE_LIMIT_POSTS
