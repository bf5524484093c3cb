"""Generation counters in the shared cache: every cache key for content carries one.

A content change bumps the counter, so every key built before it is never read again and
every app server (all reading the one Redis) renders afresh on its next request. Nothing
has to find and delete the old entries: they expire on their own.

- `content`: any public content (pages, news, prosecution guidance, tags, pins). Keys of
  whole pages carry it: a change can show on many pages (navigation, related panels,
  lists, feeds, search, the home page), so all of them are rendered afresh.
- `tree`: the guidance tree alone. Keys of the navigation fragments carry it, so a news
  edit leaves them in place.

A counter that is lost (Redis restarted or evicted it) starts again from the clock in
nanoseconds, never from a number an old key could already hold.
"""

import time

from django.core.cache import cache

CONTENT = "content"
TREE = "tree"


def _key(name):
    return f"generation:{name}"


def current_generation(name):
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), time.time_ns(), timeout=None)
        value = cache.get(_key(name))
    return value


def bump_generation(*names):
    for name in names:
        try:
            cache.incr(_key(name))
        except ValueError:  # missing: any fresh start is past every old value
            cache.add(_key(name), time.time_ns(), timeout=None)


def forget_all_pages():
    """For writes that send no model signal (bulk tag links on import, a tree rebuild)."""
    bump_generation(CONTENT, TREE)
