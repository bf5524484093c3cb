"""Serialise changes to the shape of the guidance tree across every app server.

django-mptt keeps the tree in lft/rght numbers that a move or an insert rewrites for many
rows, using the numbers held in memory. Two app servers moving pages at once would each
write numbers computed from a tree the other has changed. So every structural change takes
one database-wide lock (a PostgreSQL advisory lock; SQLite already serialises writers) and
re-reads the numbers it depends on once it holds the lock.
"""

from django.db import connection

TREE_LOCK_KEY = 7_110_512  # any constant shared by every app server
TREE_FIELDS = ("lft", "rght", "tree_id", "level", "parent_id")


def lock_tree():
    """Hold the tree lock until the current transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])


def refresh_tree_fields(*pages):
    """Re-read the tree numbers of saved pages; other servers may have shifted them."""
    for page in pages:
        if page is None or page.pk is None:
            continue
        fresh = type(page)._default_manager.filter(pk=page.pk).values(*TREE_FIELDS).first()
        if fresh is None:
            continue
        for field in ("lft", "rght", "tree_id", "level"):
            setattr(page, field, fresh[field])
