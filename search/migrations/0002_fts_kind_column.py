from django.db import migrations

# SQLite only. The FTS5 index gains the document's kind as a column of its own, so that
# counting matches by kind and filtering by kind stay inside the index (FTS5 counts a
# MATCH without reading any row; a join to the document table reads every matching row).
COLUMNS = "title, headings, body, keywords, kind"
CREATE_FTS_TABLE = f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    {COLUMNS},
    content='search_searchdocument', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
)
"""
CREATE_TRIGGERS = [
    f"""
    CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.headings, new.body, new.keywords, new.kind);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.headings, old.body, old.keywords, old.kind);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_after_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.headings, old.body, old.keywords, old.kind);
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.headings, new.body, new.keywords, new.kind);
    END
    """,
]
DROP_FTS = [
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TABLE IF EXISTS search_fts",
]
OLD_COLUMNS = "title, headings, body, keywords"


def add_kind_column(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP_FTS:
        schema_editor.execute(statement)
    schema_editor.execute(CREATE_FTS_TABLE)
    for statement in CREATE_TRIGGERS:
        schema_editor.execute(statement)
    schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def remove_kind_column(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP_FTS:
        schema_editor.execute(statement)
    schema_editor.execute(
        CREATE_FTS_TABLE.replace(COLUMNS, OLD_COLUMNS)
    )
    for statement in CREATE_TRIGGERS:
        schema_editor.execute(
            statement.replace(COLUMNS, OLD_COLUMNS)
            .replace(", new.kind)", ")")
            .replace(", old.kind)", ")")
        )
    schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_kind_column, remove_kind_column, elidable=False)]
