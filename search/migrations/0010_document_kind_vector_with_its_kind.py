"""The narrow rows' GIN index holds each row's kind as one more lexeme (PostgreSQL): a search
counts each kind's matches apart, up to a cap, through it. See DocumentKind and
search/backends/postgresql.py (KIND_VECTOR, which must stay this expression)."""

from importlib import import_module

from django.db import migrations

RemovePostgresIndex = import_module(
    "search.migrations.0009_document_vectors_in_one_index"
).RemovePostgresIndex

CREATE_INDEX = (
    "CREATE INDEX document_kind_vector_and_kind_gin ON search_documentkind USING gin "
    "((search_vector || array_to_tsvector(ARRAY['kind ' || kind])))"
)
DROP_INDEX = "DROP INDEX IF EXISTS document_kind_vector_and_kind_gin"


def on_postgresql(sql):
    """A RunPython step that runs `sql` on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_document_vectors_in_one_index"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX), elidable=False
        ),
        RemovePostgresIndex(model_name="documentkind", name="document_kind_vector_gin"),
    ]
