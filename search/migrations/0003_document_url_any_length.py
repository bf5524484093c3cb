from importlib import import_module

from django.db import migrations, models

fts = import_module("search.migrations.0002_fts_kind_column")


def recreate_fts_triggers(apps, schema_editor):
    """SQLite rebuilds the table to alter a column, and its triggers go with the old one."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in fts.DROP_FTS[:3]:
        schema_editor.execute(statement)
    for statement in fts.CREATE_TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fts_kind_column")]

    operations = [
        # Both ways: the triggers are recreated after whichever rebuild of the table.
        migrations.RunPython(migrations.RunPython.noop, recreate_fts_triggers, elidable=False),
        migrations.AlterField(
            model_name="searchdocument",
            name="url",
            field=models.TextField(),
        ),
        migrations.RunPython(recreate_fts_triggers, migrations.RunPython.noop, elidable=False),
    ]
