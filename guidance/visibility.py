"""Which guidance pages the public can see: decided here and nowhere else.

A page is public when it is published, its publishing time (if it has one) has come, and
every page above it is public too. A page saved as published with a future time is
"scheduled": hidden, with everything under it, until then. What else the editors' tools
add leaves the rule alone: a change kept aside for later (``ScheduledChange``) or waiting
for approval keeps the live text live, and "unpublish at" makes the page a draft at its
time (``guidance.scheduling``).

The page's own half of the rule is written once, as an ORM condition (``published_q``).
Hand-written SQL that needs it (the navigation query) takes the SQL the ORM compiles from
that same condition (``published_sql``); a row already in hand is judged by
``is_published``, the same condition in Python. The ancestors' half: a walk over pages in
tree order (``public_in_tree_order``) or up a page's parents (``public_ancestors``; both
halves for one page: ``is_public``). ``tests/test_visibility_rule.py`` runs one table of
cases against every user.
"""

import datetime
import math

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from shared.cache import of_this_database

# GuidancePage.Status.PUBLISHED takes its value from here.
PUBLISHED = "published"

NEXT_PUBLICATION_KEY = "schedule:next-publication"
NO_PUBLICATION = "none"


def next_publication_key():
    """The cache key of the next publishing time, this database's: two sites (or test
    workers) sharing one cache must not read each other's, or one would wait for a time
    that is not its own and miss its own."""
    return of_this_database(NEXT_PUBLICATION_KEY)


VISIBILITY_FIELDS = (
    "id", "parent_id", "status", "publish_at", "path", "title", "summary", "updated_at",
    "public_updates", "updated_on",  # last_updated: the sitemap's and the feed's dates
)  # fmt: skip


def published_q(at=None):
    """The page's own half of the rule: published, and due by `at` (now by default)."""
    at = at or timezone.now()
    return Q(status=PUBLISHED) & (Q(publish_at__isnull=True) | Q(publish_at__lte=at))


def is_published(status, publish_at, at=None):
    """published_q for a row in hand."""
    return status == PUBLISHED and (publish_at is None or publish_at <= (at or timezone.now()))


def published_sql(connection, at=None):
    """published_q as SQL and its parameters, compiled by the ORM for `connection`.

    The columns are qualified with the table's name, so the fragment fits any query that
    reads the guidance page table without an alias. Compiled once per database vendor
    (compiling costs more than the navigation query it serves); only the time changes.
    """
    compiled = _COMPILED_PUBLISHED.get(connection.vendor)
    if compiled is None:
        from .models import GuidancePage

        query = GuidancePage.objects.filter(published_q(_COMPILED_AT)).query
        sql, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
        marker = connection.ops.adapt_datetimefield_value(_COMPILED_AT)
        compiled = _COMPILED_PUBLISHED[connection.vendor] = (sql, params, marker)
    sql, params, marker = compiled
    at = connection.ops.adapt_datetimefield_value(at or timezone.now())
    return sql, [at if param == marker else param for param in params]


# The time published_sql is compiled with, then replaced in its parameters by the time asked.
_COMPILED_AT = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_COMPILED_PUBLISHED = {}


def public_in_tree_order(pages, at=None):
    """The public pages among `pages`, which come in tree order and hold whole trees (a
    page's parent comes before it): one pass, no query."""
    at = at or timezone.now()
    visible_ids = set()
    public = []
    for page in pages:
        parent_visible = page.parent_id is None or page.parent_id in visible_ids
        if parent_visible and is_published(page.status, page.publish_at, at):
            visible_ids.add(page.pk)
            public.append(page)
    return public


def public_ancestors(page, pages_by_id, at=None):
    """The page's ancestors, top first, if every one of them is public; else None.

    `pages_by_id` must hold every ancestor (with parent_id, status and publish_at)."""
    at = at or timezone.now()
    chain = []
    cursor = page
    while cursor.parent_id is not None:
        cursor = pages_by_id.get(cursor.parent_id)
        if cursor is None or not is_published(cursor.status, cursor.publish_at, at):
            return None
        chain.insert(0, cursor)
    return chain


def is_public(page, pages_by_id, at=None):
    """The whole rule for one page: itself and every ancestor (all in `pages_by_id`)."""
    at = at or timezone.now()
    return (
        is_published(page.status, page.publish_at, at)
        and public_ancestors(page, pages_by_id, at) is not None
    )


def public_pages():
    """Every public page in tree order, in one query (for sitemaps, feeds and tag pages)."""
    from .models import GuidancePage

    pages = GuidancePage.objects.only(*VISIBILITY_FIELDS, "tree_id", "lft").order_by(
        "tree_id", "lft"
    )
    return public_in_tree_order(pages)


def seconds_until_next_publication():
    """Seconds until the next scheduled page goes live, or None if none is scheduled.

    Kept in the shared cache and worked out again when a page is saved with a publishing
    time (guidance.signals), so a request asks the database only after each publishing
    time passes, or when the cache has lost the value.
    """
    now = timezone.now()
    stored = cache.get(next_publication_key())
    if stored is None or (stored != NO_PUBLICATION and stored <= now):
        stored = remember_next_publication()
    if stored == NO_PUBLICATION:
        return None
    return max(0, math.floor((stored - now).total_seconds()))


def remember_next_publication():
    """Apply whatever scheduled event is due, then store the time of the next one."""
    from .scheduling import apply_due_changes, next_timed_event

    now = timezone.now()
    apply_due_changes(now)
    stored = next_timed_event(now) or NO_PUBLICATION
    cache.set(next_publication_key(), stored, timeout=None)
    return stored
