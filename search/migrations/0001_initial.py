import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

# SQLite only: an FTS5 index over the document table, kept in step by triggers. The
# porter tokenizer stems English words ("hacking" and "hacked" both index as "hack");
# unicode61 folds case and, with remove_diacritics 2, accents.
CREATE_FTS_TABLE = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, headings, body, keywords,
    content='search_searchdocument', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
)
"""
CREATE_TRIGGERS = [
    """
    CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, headings, body, keywords)
        VALUES (new.id, new.title, new.headings, new.body, new.keywords);
    END
    """,
    """
    CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, headings, body, keywords)
        VALUES ('delete', old.id, old.title, old.headings, old.body, old.keywords);
    END
    """,
    """
    CREATE TRIGGER search_fts_after_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, headings, body, keywords)
        VALUES ('delete', old.id, old.title, old.headings, old.body, old.keywords);
        INSERT INTO search_fts(rowid, title, headings, body, keywords)
        VALUES (new.id, new.title, new.headings, new.body, new.keywords);
    END
    """,
]
DROP_FTS = [
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TABLE IF EXISTS search_fts",
]


def create_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE_FTS_TABLE)
    for statement in CREATE_TRIGGERS:
        schema_editor.execute(statement)


def drop_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP_FTS:
        schema_editor.execute(statement)


class OnPostgresqlOnly:
    """An index operation that changes the database on PostgreSQL only (GIN indexes); the
    model state has the index everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddPostgresIndex(OnPostgresqlOnly, migrations.AddIndex):
    """A GIN index exists on PostgreSQL only; the model state has it everywhere."""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40)),
                ("object_id", models.CharField(max_length=64)),
                ("title", models.CharField(max_length=300)),
                ("url", models.CharField(max_length=500)),
                ("summary", models.TextField(blank=True)),
                ("breadcrumbs", models.JSONField(blank=True, default=list)),
                ("date", models.DateField(blank=True, null=True)),
                ("headings", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("keywords", models.TextField(blank=True, help_text="Extra words to find the item by, e.g. normalised section numbers.")),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="unique_search_document")],
            },
        ),
        AddPostgresIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="search_document_vector_gin"),
        ),
        migrations.RunPython(create_sqlite_index, drop_sqlite_index, elidable=False),
    ]
