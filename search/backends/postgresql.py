"""PostgreSQL full-text search: a stored, weighted tsvector with a GIN index."""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Count, F, Func, TextField, Value

from ..models import SearchDocument
from .base import SearchBackend

CONFIG = "english"


def _as_words(column):
    """PostgreSQL's parser skips anything that looks like an HTML tag, and the text
    between <script> tags: in plain text a "<" is just a character, so it becomes a space."""
    return Func(F(column), Value("<>"), Value("  "), function="translate", output_field=TextField())


DOCUMENT_VECTOR = (
    SearchVector(_as_words("title"), weight="A", config=CONFIG)
    + SearchVector(_as_words("headings"), weight="B", config=CONFIG)
    + SearchVector(_as_words("body"), _as_words("keywords"), weight="C", config=CONFIG)
)


def tsquery(query, match_any=False):
    """Each phrasing goes to phraseto_tsquery as a parameter: words, never tsquery syntax."""
    groups = [
        reduce(
            or_,
            (
                SearchQuery(" ".join(words), search_type="phrase", config=CONFIG)
                for words in term.phrasings
            ),
        )
        for term in query.terms
    ]
    return reduce(or_ if match_any else and_, groups)


class PostgresSearchBackend(SearchBackend):
    stemmer_language = "english"

    def _matching(self, query, match_any):
        return SearchDocument.objects.filter(search_vector=tsquery(query, match_any))

    def counts_by_kind(self, query, match_any=False):
        if not query:
            return {}
        rows = (
            self._matching(query, match_any)
            .order_by()
            .values("kind")
            .annotate(number=Count("id"))
            .values_list("kind", "number")
        )
        return dict(rows)

    def results(self, query, kind=None, offset=0, limit=10, match_any=False):
        if not query:
            return []
        documents = self._matching(query, match_any)
        if kind:
            documents = documents.filter(kind=kind)
        ranked = documents.annotate(
            rank=SearchRank(F("search_vector"), tsquery(query, match_any))
        ).order_by("-rank", "title")
        return list(ranked.defer("search_vector", "keywords")[offset : offset + limit])

    def documents_written(self, document_ids):
        if document_ids:
            SearchDocument.objects.filter(pk__in=document_ids).update(search_vector=DOCUMENT_VECTOR)
