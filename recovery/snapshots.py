"""Keeping a deleted item whole, and bringing it back.

Every model an app names in `recoverable_models` on its AppConfig is snapshotted just
before it is deleted (however: the admin, an import's --prune, a cascade from its
parent): its fields, the rows that would go with it (a page's redirects and pins, a
question's answers) and the items it was linked to (a page's tags). Restoring saves it
again under its old id, so its revisions and import record still belong to it. A content
app that needs more (a page's place in the tree) registers a `prepare` hook with
`register_restore_hook`.
"""

import contextvars

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_delete

from shared.declarations import declared

from .models import DeletedItem

SERIALIZATION = "json"
deleting_user = contextvars.ContextVar("deleting_user", default=None)
_restore_hooks = {}
_public_paths = {}


class RestoreRefused(Exception):
    """Why an item cannot come back as it was; said to the editor as it is."""


def recoverable_models():
    return [apps.get_model(label) for label in declared("recoverable_models")]


def register_restore_hook(model, prepare, public_path=None):
    """`prepare(instance, snapshot)` runs before a restored item is saved; it may raise
    RestoreRefused. `public_path(instance)` is the address that answers 410 meanwhile."""
    _restore_hooks[model] = prepare
    if public_path is not None:
        _public_paths[model] = public_path


def watch_recoverable_models():
    for model in recoverable_models():
        pre_delete.connect(keep_deleted_item, sender=model, dispatch_uid=f"recovery-{model}")


def _hanging_rows(instance, recoverable):
    """Rows deleted with the item (cascade), and ids of items linked to it from elsewhere."""
    rows, links = [], {}
    for relation in instance._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.many_to_many:
            links[accessor] = list(getattr(instance, accessor).values_list("pk", flat=True))
        elif relation.one_to_many and relation.on_delete is models.CASCADE:
            if relation.related_model in recoverable:
                continue  # kept as items of their own (a page's children)
            rows += list(getattr(instance, accessor).all())
    return rows, links


def keep_deleted_item(sender, instance, **kwargs):
    rows, links = _hanging_rows(instance, set(recoverable_models()))
    public_path = _public_paths.get(sender)
    DeletedItem.objects.create(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
        title=str(instance)[:300],
        public_path=public_path(instance) if public_path else "",
        snapshot={
            "objects": serializers.serialize(SERIALIZATION, [instance, *rows]),
            "links": links,
        },
        deleted_by=deleting_user.get(),
    )


def restore(deleted_item, user=None):
    """Bring a deleted item back with what hung on it; return notes on anything left out."""
    model = deleted_item.model
    if model.objects.filter(pk=deleted_item.object_id).exists():
        raise RestoreRefused("It is already back.")
    snapshot = deleted_item.snapshot
    item, *rows = serializers.deserialize(SERIALIZATION, snapshot["objects"])
    instance = item.object
    notes = []
    with transaction.atomic(), reversion.create_revision():
        prepare = _restore_hooks.get(model)
        if prepare is not None:
            prepare(instance, snapshot)
        instance._state.adding = True
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            raise RestoreRefused(
                "Something it depends on has gone, or another item now has its name or "
                "address. Restore or rename that first."
            ) from None
        for name, ids in (item.m2m_data or {}).items():
            related_model = model._meta.get_field(name).related_model
            getattr(instance, name).set(related_model.objects.filter(pk__in=ids))
        for accessor, ids in snapshot["links"].items():
            manager = getattr(instance, accessor)
            manager.set(manager.model.objects.filter(pk__in=ids))
        for row in rows:
            try:
                with transaction.atomic():
                    row.object.save()
            except IntegrityError:
                notes.append(f"Not brought back: {row.object._meta.verbose_name} “{row.object}”.")
        if reversion.is_registered(model):
            reversion.add_to_revision(instance)
        reversion.set_user(user)
        reversion.set_comment("Restored from Recently deleted.")
        deleted_item.delete()
    return instance, notes
