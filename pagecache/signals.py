"""Content changes bump the generation counters: see generations.py.

Each app names its models in `cached_models` on its AppConfig (and the navigation's, in
`cached_tree_models`), explicitly: a model whose rows do not show on public pages (feedback,
sessions, users) must not empty the cache each time a row is written.

Each change bumps twice: at once, so the same transaction (and a test) sees it, and again
when the transaction commits. The second bump matters: a reader who read the counter
between the first bump and the commit may have rendered the old content and stored it
under the new number; after the commit no reader can, because a reader who sees the final
number reads the database after the commit.
"""

import logging

from django.apps import apps
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.autoreload import autoreload_started, file_changed
from mptt.signals import node_moved

from shared.declarations import declared

from .generations import (
    CONTENT,
    TREE,
    bump_generation,
    bump_generation_now_and_at_commit,
    forget_all_pages,
)
from .models import StoredVersion
from .stored_parts import bump_stored_version
from .warming import warm_soon

logger = logging.getLogger(__name__)


def _bump_now_and_on_commit(*names):
    bump_stored_version()  # in the change's own transaction: see stored_parts.py
    bump_generation_now_and_at_commit(*names)
    # After the final bump (on_commit runs callbacks in order): render the read pages again.
    transaction.on_commit(warm_soon, robust=True)


def content_changed(sender, **kwargs):
    _bump_now_and_on_commit(CONTENT)


def tree_changed(sender, **kwargs):
    """A model the navigation shows: its fragments are rendered afresh too."""
    _bump_now_and_on_commit(CONTENT, TREE)


def relation_changed(sender, action, **kwargs):
    """Tags added to or removed from an item: related panels, tag pages and lists change."""
    if action.startswith("post_"):
        _bump_now_and_on_commit(CONTENT)


def everything_changed(using="default", **kwargs):
    """After migrate (each release runs it) templates and code may have changed too.

    Django sends post_migrate once for each app after a migrate or a flush; this listens
    for the page cache's own only, so it forgets everything once, not once an app."""
    if StoredVersion._meta.db_table in connections[using].introspection.table_names():
        forget_all_pages()
    else:  # migrated only partly (`migrate <app>`): no stored parts to forget yet
        bump_generation(CONTENT, TREE)


def code_changed(**kwargs):
    """`make run` (runserver) started, or a file it watches changed: a template or code
    edit must show on the next reload, as it would without a cache."""
    try:
        forget_all_pages()
    except Exception:
        logger.exception("page cache unavailable")


def connect_content_models():
    tree_labels = declared("cached_tree_models")
    for label in tree_labels + declared("cached_models"):
        model = apps.get_model(label)
        uid = f"pagecache:{label}"
        changed = tree_changed if label in tree_labels else content_changed
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                relation_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field}"
            )
        if label in tree_labels:
            node_moved.connect(changed, sender=model, dispatch_uid=f"{uid}:move")
    post_migrate.connect(
        everything_changed,
        sender=apps.get_app_config("pagecache"),
        dispatch_uid="pagecache:migrate",
    )
    autoreload_started.connect(code_changed, dispatch_uid="pagecache:autoreload")
    file_changed.connect(code_changed, dispatch_uid="pagecache:file-changed")
