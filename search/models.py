from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One public item of content as the search index sees it.

    Only content the public may see is stored here: saving a draft, unpublishing or
    deleting removes its document. The text columns are what is searched; the
    display columns (url, breadcrumbs, summary, date) are what a result shows, so a
    results page needs no query per result.

    On SQLite the FTS5 table `search_fts` indexes title, headings, body, keywords and
    kind through triggers on this table (see migrations 0001 and 0002). A migration that
    makes SQLite rebuild this table drops those triggers: such a migration must recreate
    them (copy `CREATE_TRIGGERS` from migration 0002). On PostgreSQL `search_vector` holds
    the weighted tsvector, filled in by the backend whenever a row is written.
    """

    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    url = models.TextField()
    summary = models.TextField(blank=True)
    breadcrumbs = models.JSONField(default=list, blank=True)
    date = models.DateField(null=True, blank=True)
    headings = models.TextField(blank=True)
    body = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True, help_text="Extra words to find the item by, e.g. normalised section numbers."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document"),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="search_document_vector_gin")]

    def __str__(self):
        return f"{self.kind}: {self.title}"
