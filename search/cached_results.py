"""Ranked results kept until the content changes: a repeated search costs a cache read and
one query for the page's documents, however many documents match.

Counting and ranking read every match (ts_rank or bm25 of each), so their cost grows with
the index; what they decide is small: the counts by kind and the ids of one page. That is
kept, under a key made of everything the backend is asked (the terms with their synonyms,
the kind, the page, the weights), with the `content` generation, as a fragment is
(pagecache/generations.py). Every change of public content moves that generation on, and
so does every write to the index (search/indexing.py: a rebuild, a scheduled page going
live), so nothing found before a change is shown after it. Snippets are cut afresh.
"""

import hashlib

from pagecache.generations import CONTENT, cached

from .backends.base import DOCUMENT_FIELDS, Found
from .models import SearchDocument


def _key(backend, query, kind, offset, limit, match_any, weights, kinds):
    asked = (type(backend).__name__, query.terms, kind or "", offset, limit, match_any)
    asked += (weights, tuple(kinds) if kinds is not None else None)
    return "search-results:" + hashlib.sha256(repr(asked).encode()).hexdigest()


def _documents_in_order(ids):
    by_id = SearchDocument.objects.only(*DOCUMENT_FIELDS).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def search(backend, query, kind, offset, limit, match_any, weights, kinds):
    """backend.search(…), or what it found for the same question since the last change."""
    found_now = []

    def found_by_backend():
        found = backend.search(query, kind, offset, limit, match_any, weights, kinds=kinds)
        found_now.append(found)
        return found.counts_by_kind, [document.pk for document in found.documents]

    key = _key(backend, query, kind, offset, limit, match_any, weights, kinds)
    counts, ids = cached(CONTENT, key, found_by_backend)
    if found_now:
        return found_now[0]
    return Found(counts, _documents_in_order(ids) if ids else [])
