"""Which guidance pages the public can see: published (and due), with every ancestor too."""

import math

from django.core.cache import cache
from django.utils import timezone

from .models import GuidancePage

NEXT_PUBLICATION_KEY = "schedule:next-publication"
NO_PUBLICATION = "none"

VISIBILITY_FIELDS = (
    "id", "parent_id", "status", "publish_at", "path", "title", "summary", "updated_at",
    "public_updates", "updated_on",  # last_updated: the sitemap's and the feed's dates
)  # fmt: skip


def public_pages():
    """Every public page in tree order, in one query (for sitemaps, feeds and tag pages)."""
    pages = GuidancePage.objects.only(*VISIBILITY_FIELDS, "tree_id", "lft").order_by(
        "tree_id", "lft"
    )
    visible_ids = set()
    public = []
    for page in pages:
        parent_visible = page.parent_id is None or page.parent_id in visible_ids
        if parent_visible and page.is_published:
            visible_ids.add(page.pk)
            public.append(page)
    return public


def seconds_until_next_publication():
    """Seconds until the next scheduled page goes live, or None if none is scheduled.

    Kept in the shared cache and worked out again when a page is saved with a publishing
    time (guidance.signals), so a request asks the database only after each publishing
    time passes, or when the cache has lost the value.
    """
    now = timezone.now()
    stored = cache.get(NEXT_PUBLICATION_KEY)
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
    cache.set(NEXT_PUBLICATION_KEY, stored, timeout=None)
    return stored
