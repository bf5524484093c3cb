"""PostgreSQL full-text search: a stored, weighted tsvector with a GIN index.

One statement finds the matches once, counts them by kind and ranks one page. The whole
vector of a page (a few kilobytes) is stored out of line, so reading it costs a lookup in
the TOAST table for each match: ranking every match with it made a search cost more the
more pages match (82 ms for 3 157 matches against 0.3 ms for 15, bench/README.md). So the
GIN index finds and counts the matches (exactly up to SEARCH_EXACT_COUNT_UP_TO of each
kind), a small vector kept in the row (title,
headings, summary, keywords: `rank_vector`) chooses the CANDIDATES best of them, and only
those are ranked on the whole vector. With no more matches than that, the order is exactly
that of ranking them all on the whole vector.
"""

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F, Func, TextField, Value

from ..models import DocumentKind, SearchDocument
from .base import DOCUMENT_FIELDS, Found, SearchBackend, counted_up_to, like_prefix, weight_sql

logger = logging.getLogger(__name__)

CONFIG = "english"
# Matches ranked on their whole vector; the others follow, in the order of their small one.
CANDIDATES = 100


def _as_words(column):
    """PostgreSQL's parser skips anything that looks like an HTML tag, and the text
    between <script> tags: in plain text a "<" is just a character, so it becomes a space."""
    return Func(F(column), Value("<>"), Value("  "), function="translate", output_field=TextField())


def _weighted(*columns, weight):
    return SearchVector(*(_as_words(column) for column in columns), weight=weight, config=CONFIG)


TITLE_AND_HEADINGS = _weighted("title", weight="A") + _weighted("headings", weight="B")
# What a document is found by (the body begins with the summary: search/indexing.py).
DOCUMENT_VECTOR = TITLE_AND_HEADINGS + _weighted("body", "keywords", weight="C")
# What chooses the candidates: a few hundred bytes, stored in the row.
RANK_VECTOR = TITLE_AND_HEADINGS + _weighted("summary", "keywords", weight="C")

DOCUMENTS = SearchDocument._meta.db_table
VECTORS_ON_TWO_CONNECTIONS_FROM = 200  # fewer: a second connection costs more than it saves
SECOND_CONNECTIONS = 2  # in an import (`vectors_later`): its vectors on two server processes


def _compute_vectors(document_ids):
    SearchDocument.objects.filter(pk__in=document_ids).update(
        search_vector=DOCUMENT_VECTOR, rank_vector=RANK_VECTOR
    )


TEXT_COLUMNS = ("title", "headings", "summary", "body", "keywords")


def _vectors_on_own_connection(documents):
    """(DOCUMENT_VECTOR, RANK_VECTOR) of each document, as text, in one pass, computed by
    this thread's own connection from the documents' texts (the same expressions, compiled
    against the texts given as arrays under the table's name). The connection stays open
    for the thread's next batch; `_close_own_connection` ends it."""
    own = connections[DEFAULT_DB_ALIAS]
    query = SearchDocument.objects.annotate(vector=DOCUMENT_VECTOR, rank=RANK_VECTOR).query
    compiler = query.get_compiler(connection=own)
    vector_sql, vector_params = compiler.compile(query.annotations["vector"])
    rank_sql, rank_params = compiler.compile(query.annotations["rank"])
    with own.cursor() as cursor:
        cursor.execute(
            f"SELECT ({vector_sql})::text, ({rank_sql})::text FROM unnest("  # noqa: S608 - constants
            + ", ".join("%s::text[]" for _ in TEXT_COLUMNS)
            + f") WITH ORDINALITY AS {own.ops.quote_name(DOCUMENTS)} "
            f"({', '.join(TEXT_COLUMNS)}, position) ORDER BY position",
            [
                *vector_params,
                *rank_params,
                *([getattr(document, column) for document in documents] for column in TEXT_COLUMNS),
            ],
        )
        return cursor.fetchall()


def _close_own_connection():
    connections[DEFAULT_DB_ALIAS].close()


def _write_vectors(document_ids, vectors):
    """Store vectors computed elsewhere, from their text form (`tsvector` text reads back
    exactly)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {DOCUMENTS} AS d SET search_vector = given.vector::tsvector, "  # noqa: S608
            "rank_vector = given.rank::tsvector "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS given (id, vector, rank) "
            "WHERE d.id = given.id",
            [
                document_ids,
                [vector for vector, _ in vectors],
                [rank for _, rank in vectors],
            ],
        )


class _VectorsLater:
    """The vectors of an import's large batches, computed on connections of their own while
    the import goes on, and stored as each batch's are ready (see `vectors_later`).

    `to_tsvector` over the documents of 10 000 pages is about twelve seconds of one server
    process's CPU: on one connection it outlasted the rest of the import, with the other
    core idle, and writing every vector at the very end (their TOAST rows, a third of a
    millisecond a document) was the last few seconds, on one core again. So the batches are
    dealt out to SECOND_CONNECTIONS connections in turn, and whatever is ready is written
    each time a batch is handed over; what is left, when the block ends."""

    def __init__(self):
        self.connections = [ThreadPoolExecutor(max_workers=1) for _ in range(SECOND_CONNECTIONS)]
        self.handed_over = 0
        self.pending = []  # (document ids, future vectors), in the order handed over

    def submit(self, documents):
        self.store(ready_only=True)
        own = self.connections[self.handed_over % len(self.connections)]
        self.handed_over += 1
        computing = own.submit(_vectors_on_own_connection, documents)
        self.pending.append(([document.pk for document in documents], computing))

    def store(self, ready_only=False):
        waiting = []
        for document_ids, computing in self.pending:
            if ready_only and not computing.done():
                waiting.append((document_ids, computing))
                continue
            try:
                vectors = computing.result()
            except DatabaseError:
                logger.warning("no second connection for search vectors: computing them here")
                _compute_vectors(document_ids)
            else:
                # A document removed since (indexed again later in the block) is skipped;
                # the one that replaced it got its own vectors.
                _write_vectors(document_ids, vectors)
        self.pending = waiting

    def close(self):
        # Each connection that was given a batch is closed by its own thread; the others
        # started no thread and opened nothing.
        for own in self.connections[: self.handed_over]:
            own.submit(_close_own_connection)
        for own in self.connections:
            own.shutdown(wait=True)


_later = threading.local()


# The order is tier (candidates first), then documents with every term, then rank, then id:
# one order for every page, whichever page is asked for. `{rest}` is empty unless the page
# reaches past the candidates.
#
# The candidates are the best CANDIDATES of the matches by their small vector's rank. Those
# whose small vector holds the words that give it a real rank (`strong_query`, see
# `_WORDS_THAT_RANK`) always come before the others, whose rank is a token (ts_rank's 1e-20
# over the vector's length, or 0): when at least CANDIDATES of them match, they are all the
# candidates, found in one scan of the vectors' GIN index with no other match visited (with
# the fallback to any word, those with every term are added first; for one or two words,
# `{whole_vector_matches}` is empty: see `_one_or_two_words`), and the matches are counted
# on the narrow DocumentKind rows (`{counted}`). Else, or when `{exact_from_strong}` is
# false, every match is ranked and counted as before. Either way the candidates, and so the
# order, are the same.
SEARCH_SQL = """
WITH query AS MATERIALIZED (SELECT {tsquery} AS tsquery),
strong_query AS MATERIALIZED (SELECT {words_that_rank} AS tsquery FROM query),
strong AS MATERIALIZED (
    SELECT id, weight, has_all, search_vector, quick_rank * weight AS quick_rank FROM (
        SELECT id, {weight} AS weight, {has_all} AS has_all, search_vector,
            ts_rank(rank_vector, query.tsquery, 1) AS quick_rank
        FROM {documents}, query
        WHERE {exact_from_strong} AND {whole_vector_matches}
            rank_vector @@ (SELECT tsquery FROM strong_query)
            AND ({all_kinds} OR kind = ANY(%s)) AND (%s = '' OR kind = %s)
        {with_every_term}) AS found
    ORDER BY has_all DESC, quick_rank DESC, id LIMIT {candidates}
),
from_strong AS MATERIALIZED (SELECT count(*) = {candidates} AS enough FROM strong),
matches AS MATERIALIZED (
    SELECT id, kind, {weight} AS weight, {has_all} AS has_all, search_vector,
        ts_rank(rank_vector, query.tsquery, 1) AS quick_rank
    FROM {documents}, query
    WHERE search_vector @@ query.tsquery AND ({all_kinds} OR kind = ANY(%s))
),
shown AS (
    SELECT id, weight, has_all, search_vector, quick_rank * weight AS quick_rank FROM matches
    WHERE %s = '' OR kind = %s
),
candidates AS (
    SELECT id, weight, has_all, search_vector FROM strong WHERE (SELECT enough FROM from_strong)
    UNION ALL
    (SELECT id, weight, has_all, search_vector FROM shown
     WHERE NOT (SELECT enough FROM from_strong)
     ORDER BY has_all DESC, quick_rank DESC, id LIMIT {candidates})
),
ranked AS (
    SELECT 0 AS tier, id, has_all, ts_rank(search_vector, query.tsquery, 1) * weight AS rank
    FROM candidates, query
    {rest}
),
page AS (
    SELECT tier, id, rank, has_all FROM ranked
    ORDER BY tier, has_all DESC, rank DESC, id LIMIT %s OFFSET %s
)
SELECT
    (SELECT coalesce(json_object_agg(kind, number), '{{}}')::text
     FROM ({counted} OFFSET 0) AS counted WHERE number > 0) AS counts,
    page.rank, {fields}
FROM (SELECT 1) AS always_one_row
LEFT JOIN page ON true
LEFT JOIN {documents} d ON d.id = page.id
ORDER BY page.tier, page.has_all DESC, page.rank DESC, page.id
"""
# With the fallback to any word, the documents with every term come first, whatever their
# small vectors hold: those the small vectors do not find are added to the strong ones (found
# through the index; few, since the fallback is taken when few documents have every term).
WITH_EVERY_TERM = """UNION ALL
        SELECT id, {weight}, true, search_vector, ts_rank(rank_vector, query.tsquery, 1)
        FROM {documents}, query
        WHERE {exact_from_strong} AND search_vector @@ ({all_terms})
            AND NOT coalesce(rank_vector @@ (SELECT tsquery FROM strong_query), false)
            AND ({all_kinds} OR kind = ANY(%s)) AND (%s = '' OR kind = %s)"""
# The matches counted by kind, each count at most `{up_to}` (counted_up_to()): with enough
# candidates on the narrow DocumentKind rows, else on the matches already found. Counting
# reads every match's row: for a common word that is most of the statement's cost.
EVERY_MATCH_COUNTED = """
    SELECT kind, least(count(*), {up_to}) AS number FROM (
        SELECT kind FROM {kinds}, query
        WHERE (SELECT enough FROM from_strong) AND {kind_vector} @@ query.tsquery
            AND ({all_kinds} OR kind = ANY(%s))
        UNION ALL
        SELECT kind FROM matches WHERE NOT (SELECT enough FROM from_strong)
    ) AS matched GROUP BY kind"""
# Or, for one or two terms (the common words: thousands of matches), each kind apart,
# stopping at `{up_to}`: a scan of the narrow rows' index for the query and the kind's
# lexeme (`{kind_vector}`, see KIND_VECTOR), which for a rare kind is short, and at most
# `{up_to}` rows read for a common one. Cheaper than reading every match when they number
# several thousands; dearer (a scan for each kind) when they are fewer, as the matches of
# three terms or more mostly are (bench/README.md, searchcap). OFFSET 0 keeps the planner
# from folding the counts into the filter on `number`, which would count each kind twice.
EACH_KIND_COUNTED_UP_TO = """
    SELECT searched.kind, (
        SELECT count(*) FROM (
            SELECT 1 FROM {kinds} AS counted_kind
            WHERE {kind_vector} @@ ((SELECT tsquery FROM query)
                && quote_literal('kind ' || searched.kind)::tsquery)
            LIMIT {up_to}) AS up_to) AS number
    FROM unnest(%s::text[]) AS searched (kind)
    WHERE (SELECT enough FROM from_strong)
    UNION ALL
    SELECT kind, least(count(*), {up_to}) FROM matches
    WHERE NOT (SELECT enough FROM from_strong) GROUP BY kind"""
# The narrow row's vector with one more lexeme, 'kind <its kind>' (no word gives a lexeme with
# a space in it), as its GIN index holds it (migration 0010): a query ANDed with a kind's
# lexeme finds that kind's matches alone, led through the index by the kind's own list.
KIND_VECTOR = "(search_vector || array_to_tsvector(ARRAY['kind ' || kind]))"
BEYOND_THE_CANDIDATES = """UNION ALL (
        SELECT 1, id, has_all, quick_rank FROM shown
        ORDER BY has_all DESC, quick_rank DESC, id OFFSET {candidates})"""

# The words of the query whose presence in a small vector gives it a rank above the token
# one. ts_rank of a query whose top is AND (or a phrase) with two different words or more
# counts pairs of them: a vector with fewer than two gets the token rank, 1e-20 over the
# log of its length; otherwise (one word, or words joined by OR) a vector with none of them
# gets 0. Which case applies is asked of ts_rank itself, on a vector holding no word of any
# query (no lexeme has a space in it): it gives that one the token rank only in the first.
# The words are letters and digits (search/text.py), so quote_literal quotes them as a
# tsquery's lexemes are quoted.
_WORDS_THAT_RANK = """(
    WITH words AS (SELECT DISTINCT quote_literal(word) AS word
                   FROM unnest(tsvector_to_array(to_tsvector('{config}'::regconfig, %s))) AS word)
    SELECT CASE WHEN ts_rank($$'no such word':1$$::tsvector, query.tsquery, 1) > 0
        THEN (SELECT string_agg(one.word || ' & ' || other.word, ' | ')
              FROM words AS one JOIN words AS other ON one.word < other.word)
        ELSE (SELECT string_agg(word, ' | ') FROM words) END)::tsquery"""


def _one_or_two_words(query):
    """One or two terms, each a single word with no alternative: the words that rank a small
    vector (`_WORDS_THAT_RANK`) are then those of the query, so a small vector that holds
    them matches, and so does the whole vector, which holds every word of the small one
    (title, headings, summary, keywords: the body begins with the summary). The candidates
    are then found in the small vectors' index alone, with no test of the whole vector."""
    return len(query.terms) <= 2 and all(
        len(term.phrasings) == 1 and len(term.words) == 1 for term in query.terms
    )


def _every_match_holds_a_phrase(query):
    """A term with no phrasing of one word: each match's whole vector is read to check the
    words are next to each other (the GIN index cannot tell)."""
    return any(all(len(words) > 1 for words in term.phrasings) for term in query.terms)


def _all_words(query):
    """Every word of every phrasing: the words the query's tsquery is made of."""
    return " ".join(word for term in query.terms for words in term.phrasings for word in words)


def tsquery_sql(query, match_any=False):
    """Each phrasing goes to phraseto_tsquery as a parameter: words, never tsquery syntax."""
    groups, params = [], []
    for term in query.terms:
        phrasings = []
        for words in term.phrasings:
            phrasings.append(f"phraseto_tsquery('{CONFIG}'::regconfig, %s)")
            params.append(" ".join(words))
        groups.append("(" + " || ".join(phrasings) + ")")
    return (" || " if match_any else " && ").join(groups), params


@contextmanager
def _through_the_index():
    """A transaction in which the planner uses the GIN index, never a sequential scan.

    The planner reads a tsvector as cheap to test: it prefers a sequential scan for common
    words (the index is two to three times faster even then) and for EXISTS, expecting an
    early match, which for a word no document holds reads every row (120 ms with 10 000
    pages, for each word "Did you mean …?" checks).
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def _every_kind():
    from .. import registry

    return [searchable.kind for searchable in registry.searchables()]


class PostgresSearchBackend(SearchBackend):
    stemmer_language = "english"

    def search(
        self, query, kind=None, offset=0, limit=10, match_any=False, weights=None, kinds=None
    ):
        if not query:
            return Found()
        tsquery, tsquery_params = tsquery_sql(query, match_any)
        weight, weight_params = weight_sql(
            weights,
            lambda kind: ("kind = %s", [kind]),
            lambda prefix: ("url LIKE %s", [like_prefix(prefix)]),
            lambda heading: (  # a whole heading line, so "section 3" is not "section 3za"
                "(%s || lower(headings) || %s) LIKE %s",
                ["\n", "\n", "%\n" + heading.lower().replace("%", "").replace("_", "") + "\n%"],
            ),
        )
        has_all, has_all_params = "true", []
        with_every_term, with_every_term_params = "", []
        rest = ""
        if offset + limit > CANDIDATES:
            rest = BEYOND_THE_CANDIDATES.format(candidates=CANDIDATES)
        # Every match's small vector is ranked when the page reaches past the candidates (the
        # rest are ranked in order); and when every match must hold a phrase, since checking
        # it on each match is then the cost, which counting on the DocumentKind rows as well
        # would pay twice.
        exact_from_strong = "false" if rest or _every_match_holds_a_phrase(query) else "true"
        one_or_two_words = _one_or_two_words(query)
        all_kinds = "false" if kinds is not None else "true"
        kinds_params = [list(kinds or [])]
        if len(query.terms) <= 2:  # the common words: each kind counted apart, up to the cap
            counted = EACH_KIND_COUNTED_UP_TO
            counted_params = [list(kinds if kinds is not None else _every_kind())]
        else:
            counted, counted_params = EVERY_MATCH_COUNTED, kinds_params
        shown_params = [kind or "", kind or ""]
        if match_any:
            # Found through the index once, not tested on each match's whole vector.
            all_terms, has_all_params = tsquery_sql(query)
            has_all = f"id IN (SELECT id FROM {DOCUMENTS} WHERE search_vector @@ ({all_terms}))"  # noqa: S608 - constants
            with_every_term = WITH_EVERY_TERM.format(
                weight=weight,
                documents=DOCUMENTS,
                exact_from_strong=exact_from_strong,
                all_terms=all_terms,
                all_kinds=all_kinds,
            )
            with_every_term_params = weight_params + has_all_params + kinds_params + shown_params
        sql = SEARCH_SQL.format(
            tsquery=tsquery,
            words_that_rank=_WORDS_THAT_RANK.format(config=CONFIG),
            weight=weight,
            has_all=has_all,
            with_every_term=with_every_term,
            exact_from_strong=exact_from_strong,
            whole_vector_matches="" if one_or_two_words else "search_vector @@ query.tsquery AND",
            all_kinds=all_kinds,
            candidates=CANDIDATES,
            counted=counted.format(
                up_to=counted_up_to(),
                kinds=DocumentKind._meta.db_table,
                kind_vector=KIND_VECTOR,
                all_kinds=all_kinds,
            ),
            rest=rest,
            fields=", ".join(f"d.{name}" for name in DOCUMENT_FIELDS),
            documents=DOCUMENTS,
        )
        params = (
            tsquery_params
            + [_all_words(query)]
            + weight_params
            + has_all_params
            + kinds_params
            + shown_params
            + with_every_term_params
            + weight_params
            + has_all_params
            + kinds_params
            + shown_params
            + [limit, offset]
            + counted_params
        )
        with _through_the_index():
            rows = list(SearchDocument.objects.raw(sql, params))
        counts = json.loads(rows[0].counts) if rows else {}
        return Found(counts, [row for row in rows if row.pk is not None])

    def words_in_index(self, words):
        if not words:
            return []
        exists = (
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {DOCUMENTS}"  # noqa: S608 - constants
            f" WHERE search_vector @@ phraseto_tsquery('{CONFIG}'::regconfig, %s))"
        )
        sql = " UNION ALL ".join(exists for _ in words)
        params = [value for word in words for value in (word, word)]
        with _through_the_index(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def documents_written(self, documents):
        """The vectors of many documents (an import's): inside `vectors_later`, computed on
        connections of their own while the import goes on; else half here, half on a second
        connection at the same time. `to_tsvector` over the documents was the longest part
        of an import that ran on one core alone. A vector needs only the document's text,
        which that connection is given (it cannot see the new rows). If no second
        connection can be had, every vector is computed here."""
        if len(documents) < VECTORS_ON_TWO_CONNECTIONS_FROM:
            _compute_vectors([document.pk for document in documents])
            return
        later = getattr(_later, "vectors", None)
        if later is not None:
            later.submit(documents)
            return
        elsewhere, here = documents[: len(documents) // 2], documents[len(documents) // 2 :]
        with ThreadPoolExecutor(max_workers=1) as second:
            computing = second.submit(_vectors_on_own_connection, elsewhere)
            _compute_vectors([document.pk for document in here])
            try:
                vectors = computing.result()
            except DatabaseError:
                logger.warning("no second connection for search vectors: computing them here")
                _compute_vectors([document.pk for document in elsewhere])
                return
            finally:
                second.submit(_close_own_connection)
        _write_vectors([document.pk for document in elsewhere], vectors)

    @contextmanager
    def vectors_later(self):
        """For the block (an import, inside its transaction), the vectors of large batches
        are computed on connections of their own while the caller goes on (rendering news,
        writing revisions), and stored as they are ready, the rest when the block ends: the
        import's own connection only writes them, where it waited for `to_tsvector` before.
        Nothing in the block may search the documents it writes (their vectors may not be
        there yet)."""
        if getattr(_later, "vectors", None) is not None:
            yield  # inside another block: that one stores them
            return
        _later.vectors = later = _VectorsLater()
        try:
            yield
            later.store()
        finally:
            _later.vectors = None
            later.close()


def fill_rank_vectors(documents=SearchDocument):
    """For documents indexed before `rank_vector` was: migration 0007 passes its historical
    model, which a later change of this one cannot break."""
    documents.objects.filter(rank_vector=None).update(rank_vector=RANK_VECTOR)
