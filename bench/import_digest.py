"""A digest of every row an import stores, to show that a change to the importer changed
none of them: run it against a database loaded before and one loaded after the change.

    DATABASE_URL=postgres://…/before .venv/bin/python bench/import_digest.py
    DATABASE_URL=postgres://…/after  .venv/bin/python bench/import_digest.py

Every model's rows in key order, every field (on PostgreSQL the search vectors as text);
times of day are left out (they are the moment of the import), dates are kept. It prints
one line a table with its row count and digest, then the digest of them all.
"""

import datetime
import hashlib
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402

TIMESTAMP_RE = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")


def shown(value):
    if isinstance(value, datetime.datetime):
        return "<time>"
    return TIMESTAMP_RE.sub("<time>", repr(value))


# Rows whose keys an import hands out in an order that varies from run to run (the kinds of
# search document are indexed in the order of a set): compared by what they are instead.
KEYED_BY = {"search.SearchDocument": ("kind", "object_id")}


def table_rows(model):
    """Each row of a model's table as compared: every field shown, in a stable order."""
    fields = [field.attname for field in model._meta.concrete_fields]
    order = KEYED_BY.get(model._meta.label, ("pk",))
    if order != ("pk",):
        fields.remove(model._meta.pk.attname)
    for row in model._base_manager.order_by(*order).values_list(*fields):
        yield "|".join(shown(value) for value in row)


def table_digest(model):
    digest = hashlib.sha256()
    rows = 0
    for row in table_rows(model):
        digest.update(row.encode())
        rows += 1
    return rows, digest.hexdigest()


def vector_rows():
    """On PostgreSQL, each search document's vector as text, in the documents' order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM search_searchdocument ORDER BY kind, object_id"
        )
        return [vector or "" for (vector,) in cursor.fetchall()]


def vector_digest():
    digest = hashlib.sha256()
    for vector in vector_rows():
        digest.update(vector.encode())
    return digest.hexdigest()


def stored_models():
    return [
        model
        for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label)
        if not model._meta.proxy and model._meta.managed
    ]


def main():
    total = hashlib.sha256()
    for model in stored_models():
        rows, digest = table_digest(model)
        if rows:
            print(f"{model._meta.label:45} {rows:7} {digest[:16]}")
            total.update(f"{model._meta.label}{rows}{digest}".encode())
    if connection.vendor == "postgresql":
        digest = vector_digest()
        print(f"{'search vectors':45} {'':7} {digest[:16]}")
        total.update(digest.encode())
    print(f"{'all':45} {'':7} {total.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
