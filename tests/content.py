"""The shipped content/ folder, imported once per test session and copied into each test that
asks for it; and the one helper that runs import_content the way an operator does.

Importing content/ renders every body through the Markdown pipeline and builds the search
index: seconds each time. So the session imports it once, through the real command, inside a
transaction it rolls back (every test still starts from an empty database), and keeps the
rows it wrote. A test that asks for `shipped_content` gets those rows written back with
`bulk_create`: no signals, no rendering, the same rows the import made (the SQLite search
index follows through its triggers; PostgreSQL's search vectors are rows of their own).
"""

import sys
from contextlib import contextmanager
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from guidance import page_files, rendering
from provenance import ledger
from search import indexing

# The import's steps that hand their items to worker processes from PARALLEL_FROM items on.
PARALLEL_STEPS = (page_files, rendering, indexing, ledger)


def run_import(directory=None, *args):
    """Run import_content on a folder (the shipped content/ by default); return its report,
    warnings and conflicts included."""
    out = StringIO()
    call_command(
        "import_content", str(directory or settings.CONTENT_DIR), *args, stdout=out, stderr=out
    )
    return out.getvalue()


@contextmanager
def import_in_this_process():
    """Every step of an import done in this process, however many items it has.

    For the session's import of content/: an xdist worker has threads of its own, so the
    import's worker processes would be started fresh (spawned), each setting Django up
    again (a few seconds of CPU apiece, more than the few hundred versions and documents
    of content/ take here). The rows are the same either way (tests/test_bulk_import.py).
    """
    with pytest.MonkeyPatch.context() as patch:
        for module in PARALLEL_STEPS:
            patch.setattr(module, "PARALLEL_FROM", sys.maxsize)
        yield


# Rows that triggers write whenever the rows they follow are written: restored with those.
WRITTEN_BY_TRIGGERS = {"search.DocumentKind"}  # from SearchDocument, on PostgreSQL


def _all_models():
    """Every model with rows of its own, but the page cache's: its stored parts and their
    version are moved on by every write, and kept from being used across a change by it."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label != "pagecache"
        and model._meta.label not in WRITTEN_BY_TRIGGERS
    ]


def _rows(model):
    fields = [field.attname for field in model._meta.concrete_fields]
    return {row[0]: row for row in model._base_manager.order_by().values_list("pk", *fields)}


class ContentSnapshot:
    """The rows one import of content/ writes, model by model, to be written back at will.

    Each model's rows are kept as the INSERT statement and the parameters Django's
    bulk_create would send (each value prepared by its field), so writing them back is one
    `executemany` a model: most tests start with it. Rows that point at a content type
    (revisions, import records) are written back pointing at the same model's content type
    as it is numbered now: a flush renumbers them.
    """

    def __init__(self):
        self.rows = {}  # model -> [(value of each concrete field), ...]
        self.inserts = {}  # model -> (INSERT statement, [prepared parameters, ...])
        self.content_types = {}  # content type id at import -> (app_label, model)
        self._renumbered = {}  # content type ids now -> {model: parameters renumbered}

    @classmethod
    def take(cls):
        snapshot = cls()
        with transaction.atomic():
            before = {model: _rows(model) for model in _all_models()}
            with import_in_this_process():
                run_import()
            for model, rows_before in before.items():
                rows_after = _rows(model)
                changed = [pk for pk, row in rows_before.items() if rows_after.get(pk) != row]
                if changed:
                    raise RuntimeError(
                        f"import_content changed {model._meta.label} rows that existed before it "
                        "(made by migrations): a snapshot of new rows cannot restore that"
                    )
                added = [row[1:] for pk, row in rows_after.items() if pk not in rows_before]
                if added:
                    snapshot.rows[model] = added
                    snapshot.inserts[model] = _prepared_insert(model, added)
            snapshot.content_types = _content_types_now()
            transaction.set_rollback(True)
        snapshot._check_self_contained()
        return snapshot

    def _check_self_contained(self):
        """A transactional test's flush recreates the rows migrations made (content types,
        permissions) under new keys, so the imported rows may point only at each other."""
        for model, rows in self.rows.items():
            for index, field in enumerate(model._meta.concrete_fields):
                if (
                    field.is_relation
                    and field.related_model not in self.rows
                    and field.related_model is not ContentType
                    and any(row[index] is not None for row in rows)
                ):
                    raise RuntimeError(
                        f"{model._meta.label}.{field.name} points at "
                        f"{field.related_model._meta.label}, which import_content did not "
                        "write: the snapshot could not restore it after a flush"
                    )

    def restore(self):
        """Write the rows back (into an empty database) and move the id sequences past them."""
        ContentType.objects.clear_cache()
        renumbered = self._parameters_for(_content_types_now())
        with transaction.atomic(), connection.cursor() as cursor:
            for model, (sql, parameters) in self.inserts.items():
                cursor.executemany(sql, renumbered.get(model, parameters))
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                cursor.execute(statement)

    def _parameters_for(self, content_types_now):
        """The parameters of the models whose rows point at a content type, with each id
        as the same model's content type is numbered now (worked out once per numbering)."""
        key = tuple(sorted(content_types_now.items()))
        if key not in self._renumbered:
            id_now = {natural: pk for pk, natural in content_types_now.items()}
            old_to_new = {old: id_now[natural] for old, natural in self.content_types.items()}
            self._renumbered[key] = {
                model: [
                    tuple(
                        old_to_new[value] if index in positions and value is not None else value
                        for index, value in enumerate(row)
                    )
                    for row in parameters
                ]
                for model, (sql, parameters) in self.inserts.items()
                if (positions := _content_type_positions(model))
            }
        return self._renumbered[key]


def _content_types_now():
    return {
        pk: (app_label, model)
        for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def _content_type_positions(model):
    return {
        index
        for index, field in enumerate(model._meta.concrete_fields)
        if field.is_relation and field.related_model is ContentType
    }


def _prepared_insert(model, rows):
    """The INSERT of every concrete field, and each row's values as its fields prepare them
    for this database (what bulk_create sends)."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from _meta, quoted)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    parameters = [
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        )
        for row in rows
    ]
    return sql, parameters
