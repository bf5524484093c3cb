"""The whole and the small vectors in one GIN index (PostgreSQL): see SearchDocument."""

from importlib import import_module

import django.contrib.postgres.indexes
from django.db import migrations

initial = import_module("search.migrations.0001_initial")
AddPostgresIndex, OnPostgresqlOnly = initial.AddPostgresIndex, initial.OnPostgresqlOnly


class RemovePostgresIndex(OnPostgresqlOnly, migrations.RemoveIndex):
    """A GIN index exists on PostgreSQL only; the model state has it everywhere."""


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
