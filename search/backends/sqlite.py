"""SQLite FTS5: the `search_fts` table (see the migrations) indexes SearchDocument by rowid.

Everything that touches many matches stays inside the index: counts are FTS5 counts (one
per kind, each a filter on the indexed `kind` column, up to `counted_up_to()`), and
ranking picks the page of rowids before joining the few documents shown.
"""

from django.db import connection

from ..models import SearchDocument
from .base import DOCUMENT_FIELDS, Found, SearchBackend, counted_up_to, weight_sql

SEARCHED_COLUMNS = "{title headings body keywords}"
# bm25 weights for the FTS5 columns title, headings, body, keywords, kind.
RANK = "bm25(search_fts, 10.0, 4.0, 1.0, 2.0, 0.0)"
IN_FTS = "rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
# Addresses from one string (included) to another (excluded), through the index on the
# start of the address (SearchDocument's "search_document_url_start").
DOCUMENTS = SearchDocument._meta.db_table
IN_URL_RANGE = (
    f"rowid IN (SELECT id FROM {DOCUMENTS}"  # noqa: S608 - the model's table
    ' WHERE SUBSTR("url", 1, 200) >= %s AND SUBSTR("url", 1, 200) < %s)'
)


def _fts_string(words):
    """A double-quoted FTS5 string: the words as a phrase, never as syntax."""
    text = " ".join(words)
    return '"' + text.replace('"', '""') + '"'


def match_expression(query, match_any=False, kind=None, kinds=None):
    groups = []
    for term in query.terms:
        phrasings = [_fts_string(words) for words in term.phrasings]
        groups.append(phrasings[0] if len(phrasings) == 1 else f"({' OR '.join(phrasings)})")
    expression = f"{SEARCHED_COLUMNS} : ({(' OR ' if match_any else ' AND ').join(groups)})"
    if kind:
        expression += f" AND kind : {_fts_string([kind])}"
    elif kinds is not None:
        expression += f" AND kind : ({' OR '.join(_fts_string([k]) for k in kinds)})"
    return expression


class SqliteSearchBackend(SearchBackend):
    stemmer_language = "porter"

    def search(
        self, query, kind=None, offset=0, limit=10, match_any=False, weights=None, kinds=None
    ):
        if not query:
            return Found()
        counts = self._counts_by_kind(query, match_any, kinds)
        if not (counts.get(kind) if kind else counts):
            return Found(counts)
        return Found(counts, self._ranked(query, kind, offset, limit, match_any, weights, kinds))

    def words_in_index(self, words):
        if not words:
            return []
        sql = " UNION ALL ".join(
            "SELECT %s WHERE EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s)"
            for _ in words
        )
        params = []
        for word in words:
            params += [word, f"{SEARCHED_COLUMNS} : {_fts_string([word])}"]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _counts_by_kind(self, query, match_any, kinds=None):
        from .. import registry

        if kinds is None:
            kinds = [searchable.kind for searchable in registry.searchables()]
        if not kinds:
            return {}
        # FTS5 stops at the LIMIT: a common word's matches are not all visited.
        sql = " UNION ALL ".join(
            "SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM search_fts"
            " WHERE search_fts MATCH %s LIMIT %s))"
            for _ in kinds
        )
        params = []
        for kind in kinds:
            params += [kind, match_expression(query, match_any, kind), counted_up_to()]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {kind: number for kind, number in cursor.fetchall() if number}

    def _ranked(self, query, kind, offset, limit, match_any, weights, kinds=None):
        fields = ", ".join(f"d.{name}" for name in DOCUMENT_FIELDS)
        # bm25 is negative, lower is better: a weight above 1 moves a result up.
        # Each condition is a set found once through an index, never a column read for
        # every match (reading an FTS5 column costs a lookup of the row).
        weight, params = weight_sql(
            weights,
            lambda kind: (IN_FTS, [f"kind : {_fts_string([kind])}"]),
            lambda prefix: (IN_URL_RANGE, [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]),
            lambda heading: (IN_FTS, [f"{{headings}} : {_fts_string(heading.lower().split())}"]),
        )
        has_all = "1"
        if match_any:
            has_all = "rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            params.append(match_expression(query, False, kind, kinds))
        params.append(match_expression(query, match_any, kind, kinds))
        return list(
            SearchDocument.objects.raw(
                f"SELECT {fields}, ranked.rank FROM ("  # noqa: S608 - constants only
                f" SELECT rowid, {RANK} * {weight} AS rank, {has_all} AS has_all"
                " FROM search_fts WHERE search_fts MATCH %s"
                " ORDER BY has_all DESC, rank, rowid LIMIT %s OFFSET %s"
                f") AS ranked JOIN {DOCUMENTS} d ON d.id = ranked.rowid"
                " ORDER BY ranked.has_all DESC, ranked.rank, ranked.rowid",
                [*params, limit, offset],
            )
        )

    def optimise(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
