"""Which guidance pages the public can see: published (and due), with every ancestor too."""

from .models import GuidancePage

VISIBILITY_FIELDS = (
    "id", "parent_id", "status", "publish_at", "path", "title", "summary", "updated_at",
    "public_updates",
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
