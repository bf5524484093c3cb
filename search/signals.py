"""Saving and deleting a registered model keeps its search documents in step.

Connected once, in SearchConfig.ready(), for the model of every registered Searchable.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from .indexing import reindex_soon, remove_objects
from .registry import searchables, searchables_for_model


def _before_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for searchable in searchables_for_model(sender):
        searchable.before_save(instance)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for searchable in searchables_for_model(sender):
        reindex_soon(searchable, searchable.objects_to_reindex(instance))


def _after_delete(sender, instance, **kwargs):
    for searchable in searchables_for_model(sender):
        remove_objects(searchable, [instance.pk])


def connect_registered_models():
    for searchable in searchables():
        uid = f"search-{searchable.kind}"
        pre_save.connect(_before_save, sender=searchable.model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=searchable.model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=searchable.model, dispatch_uid=uid)
