"""SQLite FTS5: the `search_fts` table (migration 0001) indexes SearchDocument by rowid."""

from django.db import connection

from ..models import SearchDocument
from .base import SearchBackend

# bm25 weights for the FTS5 columns title, headings, body, keywords.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0, 2.0)


def _fts_string(words):
    """A double-quoted FTS5 string: the words as a phrase, never as syntax."""
    text = " ".join(words)
    return '"' + text.replace('"', '""') + '"'


def match_expression(query, match_any=False):
    groups = []
    for term in query.terms:
        phrasings = [_fts_string(words) for words in term.phrasings]
        groups.append(phrasings[0] if len(phrasings) == 1 else f"({' OR '.join(phrasings)})")
    return (" OR " if match_any else " AND ").join(groups)


class SqliteSearchBackend(SearchBackend):
    stemmer_language = "porter"

    def counts_by_kind(self, query, match_any=False):
        if not query:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.kind, COUNT(*) FROM search_fts"
                " JOIN search_searchdocument d ON d.id = search_fts.rowid"
                " WHERE search_fts MATCH %s GROUP BY d.kind",
                [match_expression(query, match_any)],
            )
            return dict(cursor.fetchall())

    def results(self, query, kind=None, offset=0, limit=10, match_any=False):
        if not query:
            return []
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        params = [match_expression(query, match_any)]
        kind_filter = ""
        if kind:
            kind_filter = " AND d.kind = %s"
            params.append(kind)
        params += [limit, offset]
        fields = ", ".join(
            f"d.{name}"
            for name in ("id", "kind", "object_id", "title", "url", "summary", "breadcrumbs")
            + ("date", "headings", "body")
        )
        return list(
            SearchDocument.objects.raw(
                f"SELECT {fields}, bm25(search_fts, {weights}) AS rank"  # noqa: S608 - constants
                " FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
                f" WHERE search_fts MATCH %s{kind_filter}"
                " ORDER BY rank, d.title LIMIT %s OFFSET %s",
                params,
            )
        )

    def optimise(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
