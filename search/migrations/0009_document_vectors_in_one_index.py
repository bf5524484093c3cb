"""The whole and the small vectors in one GIN index (PostgreSQL): see SearchDocument."""

from importlib import import_module

import django.contrib.postgres.indexes
from django.db import migrations

AddPostgresIndex = import_module("search.migrations.0001_initial").AddPostgresIndex


class RemovePostgresIndex(migrations.RemoveIndex):
    """A GIN index exists on PostgreSQL only; the model state has it everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_document_kind"),
    ]

    operations = [
        AddPostgresIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector", "rank_vector"], name="search_document_vectors_gin"
            ),
        ),
        RemovePostgresIndex(model_name="searchdocument", name="search_document_vector_gin"),
        RemovePostgresIndex(model_name="searchdocument", name="search_document_rank_gin"),
    ]
