"""Best bets: pages editors pin to the top of the results for a query and its synonyms."""

from django.db.models import Exists, OuterRef, Subquery

from .models import BestBet, SearchDocument, normalise_query
from .synonyms import equivalent_queries


def best_bet_documents(text, synonyms, kind=""):
    """The public documents pinned to this query (or a query meaning the same), in the
    editors' order; one query. Pins to items no longer public have no document."""
    queries = equivalent_queries(normalise_query(text), synonyms)
    bets = BestBet.objects.filter(
        query__in=queries, kind=OuterRef("kind"), object_id=OuterRef("object_id")
    )
    documents = SearchDocument.objects.filter(Exists(bets)).annotate(
        bet_order=Subquery(bets.order_by("order", "id").values("order")[:1])
    )
    if kind:
        documents = documents.filter(kind=kind)
    return list(documents.order_by("bet_order", "id").defer("search_vector", "keywords"))
