"""The shipped content/ folder, imported once per test session and copied into each test that
asks for it; and the one helper that runs import_content the way an operator does.

Importing content/ renders every body through the Markdown pipeline and builds the search
index: seconds each time. So the session imports it once, through the real command, inside a
transaction it rolls back (every test still starts from an empty database), and keeps the
rows it wrote. A test that asks for `shipped_content` gets those rows written back with
`bulk_create`: no signals, no rendering, the same rows the import made (the SQLite search
index follows through its triggers; PostgreSQL's search vectors are rows of their own).
"""

from io import StringIO

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


def run_import(directory=None, *args):
    """Run import_content on a folder (the shipped content/ by default); return its report,
    warnings and conflicts included."""
    out = StringIO()
    call_command(
        "import_content", str(directory or settings.CONTENT_DIR), *args, stdout=out, stderr=out
    )
    return out.getvalue()


def _all_models():
    """Every model with rows of its own, but the page cache's: its stored parts and their
    version are moved on by every write, and kept from being used across a change by it."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.app_label != "pagecache"
    ]


def _rows(model):
    fields = [field.attname for field in model._meta.concrete_fields]
    return {row[0]: row for row in model._base_manager.order_by().values_list("pk", *fields)}


class ContentSnapshot:
    """The rows one import of content/ writes, model by model, to be written back at will.

    Rows that point at a content type (revisions, import records) are written back pointing
    at the same model's content type as it is numbered now: a flush renumbers them.
    """

    def __init__(self):
        self.rows = {}  # model -> [instance, ...]
        self.content_types = {}  # content type id at import -> (app_label, model)

    @classmethod
    def take(cls):
        snapshot = cls()
        with transaction.atomic():
            before = {model: _rows(model) for model in _all_models()}
            run_import()
            for model, rows_before in before.items():
                rows_after = _rows(model)
                changed = [pk for pk, row in rows_before.items() if rows_after.get(pk) != row]
                if changed:
                    raise RuntimeError(
                        f"import_content changed {model._meta.label} rows that existed before it "
                        "(made by migrations): a snapshot of new rows cannot restore that"
                    )
                added = [row for pk, row in rows_after.items() if pk not in rows_before]
                if added:
                    snapshot.rows[model] = [_instance(model, row[1:]) for row in added]
            snapshot.content_types = {
                content_type.pk: content_type.natural_key()
                for content_type in ContentType.objects.all()
            }
            transaction.set_rollback(True)
        snapshot._check_self_contained()
        return snapshot

    def _check_self_contained(self):
        """A transactional test's flush recreates the rows migrations made (content types,
        permissions) under new keys, so the imported rows may point only at each other."""
        for model, instances in self.rows.items():
            for field in model._meta.concrete_fields:
                if (
                    field.is_relation
                    and field.related_model not in self.rows
                    and field.related_model is not ContentType
                    and any(getattr(row, field.attname) is not None for row in instances)
                ):
                    raise RuntimeError(
                        f"{model._meta.label}.{field.name} points at "
                        f"{field.related_model._meta.label}, which import_content did not "
                        "write: the snapshot could not restore it after a flush"
                    )

    def restore(self):
        """Write the rows back (into an empty database) and move the id sequences past them."""
        ContentType.objects.clear_cache()
        content_type_now = {
            old_id: ContentType.objects.get_by_natural_key(*natural_key).pk
            for old_id, natural_key in self.content_types.items()
        }
        with transaction.atomic():
            for model, instances in self.rows.items():
                content_type_fields = [
                    field.attname
                    for field in model._meta.concrete_fields
                    if field.is_relation and field.related_model is ContentType
                ]
                restored = []
                for instance in instances:
                    row = _instance(model, _values(instance))
                    for attname in content_type_fields:
                        old_id = getattr(row, attname)
                        if old_id is not None:
                            setattr(row, attname, content_type_now[old_id])
                    restored.append(row)
                model._base_manager.bulk_create(restored)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                    cursor.execute(statement)


def _values(instance):
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]


def _instance(model, values):
    """A fresh, unsaved instance each time: bulk_create marks the ones it saves."""
    fields = [field.attname for field in model._meta.concrete_fields]
    return model(**dict(zip(fields, values, strict=True)))
