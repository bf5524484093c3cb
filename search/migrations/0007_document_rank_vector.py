import django.contrib.postgres.search
from django.db import migrations


def fill_rank_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgresql import fill_rank_vectors as fill

    fill(apps.get_model("search", "SearchDocument"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_document_url_start_index"),
    ]

    operations = [
        # Nullable and without a default, so SQLite adds the column in place and keeps the
        # FTS triggers (see SearchDocument's docstring).
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_rank_vectors, migrations.RunPython.noop, elidable=True),
    ]
