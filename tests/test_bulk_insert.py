"""Rows written with PostgreSQL's COPY are the rows bulk_create writes.

An import writes its new pages, news, revisions, import records and search documents with
`shared.bulk_insert.insert_new`: COPY on PostgreSQL, bulk_create elsewhere. The same
content imported both ways must store the same rows, key for key and column for column
(the search vectors too), compared as bench/import_digest.py compares two imports.
"""

import importlib.util

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from shared import bulk_insert

from .content import run_import

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "import_digest", settings.BASE_DIR / "bench" / "import_digest.py"
)
import_digest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_digest)

WRITTEN_BY_COPY = (
    "guidance_guidancepage",
    "publications_newsitem",
    "reversion_revision",
    "reversion_version",
    "provenance_importrecord",
    "search_searchdocument",
)


def stored_rows():
    """Every row of every table (times of day left out), and the search vectors."""
    rows = {
        model._meta.label: list(import_digest.table_rows(model))
        for model in import_digest.stored_models()
    }
    rows["search vectors"] = import_digest.vector_rows()
    return rows


def sequence_positions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences")
        return cursor.fetchall()


def move_sequences_back(positions):
    """Where they were: a rolled-back transaction leaves the keys it took used."""
    with connection.cursor() as cursor:
        for schema, name, last_value in positions:
            cursor.execute(
                "SELECT setval(%s, %s, %s)",
                [f'"{schema}"."{name}"', last_value or 1, last_value is not None],
            )


def test_on_postgresql_an_import_by_copy_stores_the_rows_bulk_create_stores(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; elsewhere every row is written by bulk_create")
    positions = sequence_positions()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        run_import()  # the shipped content: every kind of content, Welsh versions, tags
        by_copy = stored_rows()
        transaction.set_rollback(True)
    inserted = " ".join(query["sql"] for query in queries if query["sql"].startswith("INSERT"))
    assert not [table for table in WRITTEN_BY_COPY if f'INTO "{table}"' in inserted]
    assert len(by_copy["guidance.GuidancePage"]) > 50 and len(by_copy["search vectors"]) > 50

    move_sequences_back(positions)
    monkeypatch.setattr(bulk_insert, "COPY_VENDORS", frozenset())
    with CaptureQueriesContext(connection) as queries:
        run_import()
    assert 'INTO "search_searchdocument"' in " ".join(query["sql"] for query in queries)

    by_bulk_create = stored_rows()
    assert by_bulk_create.keys() == by_copy.keys()
    for table, rows in by_copy.items():
        assert by_bulk_create[table] == rows, table
