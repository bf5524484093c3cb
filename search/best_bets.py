"""Best bets: pages editors pin to the top of the results for a query and its synonyms."""

from .backends.base import DOCUMENT_FIELDS
from .models import BestBet, SearchDocument, normalise_query
from .synonyms import equivalent_queries

# From the few best bets of these queries (their index) to their documents (the unique
# kind and object id): the cost does not grow with the number of documents.
BEST_BETS_SQL = """
SELECT {fields} FROM {best_bets} b
JOIN {documents} d ON d.kind = b.kind AND d.object_id = b.object_id
WHERE b.query IN ({queries}) AND (%s = '' OR d.kind = %s)
ORDER BY b."order", b.id
"""


def best_bet_documents(text, synonyms, kind=""):
    """The public documents pinned to this query (or a query meaning the same), in the
    editors' order; one query. Pins to items no longer public have no document."""
    queries = sorted(equivalent_queries(normalise_query(text), synonyms))
    sql = BEST_BETS_SQL.format(
        fields=", ".join(f"d.{name}" for name in DOCUMENT_FIELDS),
        queries=", ".join("%s" for _ in queries),
        best_bets=BestBet._meta.db_table,
        documents=SearchDocument._meta.db_table,
    )
    documents = []
    for document in SearchDocument.objects.raw(sql, [*queries, kind or "", kind or ""]):
        if document.url not in {seen.url for seen in documents}:  # pinned twice by synonyms
            documents.append(document)
    return documents
