"""Generation counters in the shared cache: every cached page and fragment carries one.

A content change bumps the counter. An entry is used only when the generation stored with
it is the current one, so after a change every worker and app server (all reading the one
shared cache: Redis, or the file cache of one machine) renders afresh on its next request;
nothing has to find and delete old entries. The counter and the entry come back together
in one round trip (`fetch`), and an entry is stored with the generation read *before*
rendering began (`store`), so a page rendered while a change was being saved is never
taken for the new one.

- `content`: any public content (pages, news, prosecution guidance, tags, pins). Whole
  pages and the related panels carry it: one change can show on many pages (navigation,
  related panels, lists, feeds, search, the home page), so all are rendered afresh.
- `tree`: the guidance tree alone. The navigation fragments carry it, so a news edit
  leaves them in place.

A counter takes its values from the clock in nanoseconds: a counter that is lost (Redis
restarted or evicted it) starts again from a number no old entry can hold.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .policy import cache_timeout, caching_enabled

CONTENT = "content"
TREE = "tree"

logger = logging.getLogger(__name__)


def _key(name):
    return f"generation:{name}"


def current_generation(name):
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), time.time_ns(), timeout=None)
        value = cache.get(_key(name))
    return value


def bump_generation(*names):
    """Move each counter on to the clock in nanoseconds: a value no entry can hold yet.

    A write of a new value, not an increment: the file cache has no atomic increment, and
    two workers incrementing at once could write back a number an entry already holds.
    """
    cache.set_many({_key(name): time.time_ns() for name in names}, timeout=None)


def bump_generation_now_and_at_commit(*names):
    """Bump at once, so the same transaction (and a test) sees it, and again when the
    transaction commits: a reader who read the counter between the two may have rendered
    the old content and stored it under the new number; after the commit no reader can."""
    bump_generation(*names)
    transaction.on_commit(lambda: bump_generation(*names), robust=True)


def forget_all_pages():
    """For writes that send no model signal (bulk tag links on import, a tree rebuild): the
    cache's counters, and the stored parts' version in the caller's transaction."""
    from .stored_parts import bump_stored_version

    bump_generation(CONTENT, TREE)
    bump_stored_version()


def fetch(name, key):
    """(the entry stored under key if it is of the current generation, or None; generation)."""
    values = cache.get_many([_key(name), key])
    generation = values.get(_key(name))
    if generation is None:
        return None, current_generation(name)
    entry = values.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1], generation
    return None, generation


def store(key, generation, value):
    cache.set(key, (generation, value), cache_timeout())


NOTHING = "nothing"  # stands for a computed None, which the cache cannot tell from a miss


def cached(name, key, compute, worth_keeping=None):
    """compute(), kept under key until the `name` generation moves on (or the timeout);
    when `worth_keeping` is given, only the values for which it is true are kept.

    Without a cache (timeout 0) or with the cache down, compute() every time: slower, never
    wrong.
    """
    if not caching_enabled():
        return compute()
    # A fragment holds text and links in the language it was rendered in.
    key = f"{get_language()}:{key}"
    try:
        value, generation = fetch(name, key)
    except Exception:
        logger.exception("cache unavailable")
        return compute()
    if value is None:
        value = compute()
        if worth_keeping is not None and not worth_keeping(value):
            return value
        try:
            store(key, generation, NOTHING if value is None else value)
        except Exception:
            logger.exception("cache unavailable")
    return None if value == NOTHING else value
