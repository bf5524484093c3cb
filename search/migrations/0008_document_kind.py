"""Each document's kind beside its vector, in narrow rows kept by triggers (PostgreSQL), and
an index of the small vectors: see DocumentKind and search/backends/postgresql.py."""

from importlib import import_module

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

AddPostgresIndex = import_module("search.migrations.0001_initial").AddPostgresIndex

# A document with a vector has a DocumentKind row holding its kind and vector; one without
# (just inserted, its vectors not computed yet) has none.
CREATE_TRIGGER = """
CREATE FUNCTION search_document_kind_in_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_documentkind WHERE id = OLD.id AND (TG_OP = 'DELETE'
            OR NEW.id <> OLD.id OR NEW.search_vector IS NULL);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.search_vector IS NOT NULL THEN
        INSERT INTO search_documentkind (id, kind, search_vector)
        VALUES (NEW.id, NEW.kind, NEW.search_vector)
        ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind,
            search_vector = EXCLUDED.search_vector;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_document_kind_in_step
AFTER INSERT OR DELETE OR UPDATE OF id, kind, search_vector ON search_searchdocument
FOR EACH ROW EXECUTE FUNCTION search_document_kind_in_step();
INSERT INTO search_documentkind (id, kind, search_vector)
SELECT id, kind, search_vector FROM search_searchdocument WHERE search_vector IS NOT NULL;
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS search_document_kind_in_step ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_kind_in_step();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_document_rank_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentKind",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("kind", models.CharField(max_length=40)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        AddPostgresIndex(
            model_name="documentkind",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="document_kind_vector_gin"
            ),
        ),
        AddPostgresIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["rank_vector"], name="search_document_rank_gin"
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
