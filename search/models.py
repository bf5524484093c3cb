from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Left

URL_START_LENGTH = 200


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
    the weighted tsvector, filled in by the backend whenever a row is written, and
    `rank_vector` a small one of the title, headings, summary and keywords, which stays in
    the row where the whole one is stored out of line: it chooses which matches are ranked
    on the whole vector (search/backends/postgresql.py).
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
    rank_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document"),
        ]
        indexes = [
            # Both vectors in one index: the matches whose title, headings, summary or keywords
            # hold the words (the only ones a search need rank on `rank_vector`,
            # search/backends/postgresql.py) are found in one scan, led by the small vectors'
            # short lists, where two indexes each built a bitmap of their own and the whole
            # vectors' (every match) was the larger. A search on `search_vector` alone uses
            # it as it would an index of that column.
            GinIndex(fields=["search_vector", "rank_vector"], name="search_document_vectors_gin"),
            # For ranking by address prefix on SQLite (search/backends/sqlite.py); the start
            # only, since PostgreSQL's B-tree cannot hold a very long address.
            models.Index(Left("url", URL_START_LENGTH), name="search_document_url_start"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class DocumentKind(models.Model):
    """Each document's kind beside its whole vector, in rows of their own (PostgreSQL only).

    Counting a search's matches by kind must visit each match's row for its kind: a
    document's row holds its display columns and small vector (about a kilobyte; a few to a
    page), these a kind and the pointer to an out-of-line vector (about a hundred to a
    page), so counting 3 157 matches of 11 067 reads 92 pages instead of 1 450 (0.9 ms
    against 2.5). Triggers on SearchDocument keep them in step whatever writes it (an
    insert, COPY, the vectors' UPDATE, a delete, a rebuild; migration 0008): never write
    here. Empty on SQLite, whose FTS5 table counts without it.
    """

    id = models.BigIntegerField(primary_key=True)  # the SearchDocument's
    kind = models.CharField(max_length=40)
    search_vector = SearchVectorField()

    # Its one index, a GIN index of the vector with the kind as one more lexeme, is an
    # expression Django's migrations cannot declare: migration 0010 creates it.

    def __str__(self):
        return f"{self.kind}: {self.id}"


def normalise_query(text):
    """A query as the search log and best bets compare it: lower-case words, one space."""
    from .text import WORD_RE, clean_text

    return " ".join(word.lower() for word in WORD_RE.findall(clean_text(text)))[:200]


class Synonym(models.Model):
    """Words readers type that the pages put another way: a search for the phrase also
    finds its meanings ("revenge porn" finds "intimate image abuse")."""

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text="What readers type, e.g. “revenge porn”. Letter case and punctuation are "
        "ignored; other forms of the words (“scams”, “scammed”) match too.",
    )
    meanings = models.TextField(
        help_text="What the pages call it: one word or phrase per line, e.g. “intimate "
        "image abuse”. A search for the phrase finds pages with any of these as well."
    )

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        from .text import clean_text

        self.phrase = normalise_query(self.phrase)
        self.meanings = clean_text(self.meanings)
        super().save(*args, **kwargs)

    @property
    def meaning_list(self):
        return [normalise_query(line) for line in self.meanings.splitlines() if line.strip()]


class BestBet(models.Model):
    """A page an editor pins to the top of the results for a query (and its synonyms)."""

    query = models.CharField(
        max_length=200, help_text="The search it answers, e.g. “report a scam”."
    )
    # The pinned item, as the index knows it: a rebuild of the index replaces every
    # document, but an item keeps its kind and id. A page that stops being public is
    # simply not shown.
    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Among several best bets for one query, lowest first."
    )

    class Meta:
        ordering = ["query", "order", "id"]
        indexes = [models.Index(fields=["query"], name="best_bet_query")]
        verbose_name = "best bet"

    def __str__(self):
        return f"{self.query} → {self.kind}:{self.object_id}"

    def save(self, *args, **kwargs):
        self.query = normalise_query(self.query)
        super().save(*args, **kwargs)

    @property
    def document(self):
        return SearchDocument.objects.filter(kind=self.kind, object_id=self.object_id).first()


class SearchCount(models.Model):
    """How many times a query was searched on one day, and whether it found anything.

    Nothing else about a search is stored: no address, cookie, session or time of day.
    Queries holding an email address or a long number are never counted.
    """

    day = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0, help_text="Results at the last search.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="one_search_count_a_day"),
        ]
        indexes = [models.Index(fields=["query", "day"], name="search_count_query_day")]

    def __str__(self):
        return f"{self.day}: {self.query} ({self.searches})"
