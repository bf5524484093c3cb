"""The app was called news; it is named publications now, after what it holds.

No table changes (each model keeps its news_* table). What named the app in the data is
renamed in place:

- the content types, which keep their ids: the groups' permissions, the admin's log, the
  import records and the deleted items keep pointing at the same rows;
- the saved versions (django-reversion) and the deleted items' snapshots, which hold the
  objects serialized with their model's label ("news.newsitem"): without this, opening an
  old version or restoring a deleted item could not find its model.

Tags left the news app before (tags/migrations/0001_initial.py renamed their content
type); versions and snapshots saved before that still name news.tag and news.tag_pages,
so they are brought to tags.* here.
"""

import re

from django.db import migrations

OLD, NEW = "news", "publications"
TAGS_MODELS = {"tag", "tag_pages"}

# How Django's JSON serializer begins each object: a quote inside a serialized value is
# escaped (\"), so this never matches the text of a field.
SERIALIZED_LABEL = re.compile(r'(\{"model": ")(news|publications|tags)\.(\w+)(")')


def new_label(app_label, model):
    if app_label == OLD:
        return "tags" if model in TAGS_MODELS else NEW
    return app_label


def old_label(app_label, model):
    return OLD if app_label == NEW else app_label


def relabel(text, label_for):
    return SERIALIZED_LABEL.sub(
        lambda m: f"{m[1]}{label_for(m[2], m[3])}.{m[3]}{m[4]}", text
    )


def rename(apps, from_label, label_for):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for content_type in ContentType.objects.filter(app_label=from_label):
        target = label_for(content_type.app_label, content_type.model)
        # One made already under the new name (by code run before this migration) is left
        # alone, as tags/0001 does: its rows stay its own.
        if not ContentType.objects.filter(app_label=target, model=content_type.model).exists():
            content_type.app_label = target
            content_type.save(update_fields=["app_label"])

    Version = apps.get_model("reversion", "Version")
    versions = Version.objects.filter(format="json", serialized_data__contains=f'"{from_label}.')
    for version in versions.only("pk", "serialized_data").iterator():
        relabelled = relabel(version.serialized_data, label_for)
        if relabelled != version.serialized_data:
            Version.objects.filter(pk=version.pk).update(serialized_data=relabelled)

    DeletedItem = apps.get_model("recovery", "DeletedItem")
    for item in DeletedItem.objects.only("pk", "snapshot").iterator():
        objects = item.snapshot.get("objects") if isinstance(item.snapshot, dict) else None
        if isinstance(objects, str) and relabel(objects, label_for) != objects:
            snapshot = {**item.snapshot, "objects": relabel(objects, label_for)}
            DeletedItem.objects.filter(pk=item.pk).update(snapshot=snapshot)


def forwards(apps, schema_editor):
    rename(apps, OLD, new_label)


def backwards(apps, schema_editor):
    rename(apps, NEW, old_label)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_tags_in_their_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("recovery", "0001_deleted_items"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
