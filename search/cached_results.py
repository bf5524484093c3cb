"""Ranked results kept until the content changes: a repeated search costs one cache read,
however many documents match.

Counting and ranking read every match (ts_rank or bm25 of each), so their cost grows with
the index; what they decide is small: the counts by kind and one page of results, with
their snippets. That is kept, under a key made of everything the backend is asked (the
terms with their synonyms, the kind, the page, the weights), with the `content`
generation, as a fragment is (pagecache/generations.py). Every change of public content
moves that generation on, and so does every write to the index (search/indexing.py: a
rebuild, a scheduled page going live), so nothing found before a change is shown after it.

Only searches with many matches are kept: ranking a few costs next to nothing, and made-up
words (which match nothing) must not fill the cache that pages share, as the page cache
refuses query strings for the same reason.
"""

import hashlib

from pagecache.generations import CONTENT, cached

from .backends.base import counted_up_to

KEPT_FROM_MATCHES = 10


def _key(backend, query, kind, offset, limit, match_any, weights, kinds):
    asked = (type(backend).__name__, query.terms, kind or "", offset, limit, match_any)
    asked += (weights, tuple(kinds) if kinds is not None else None, counted_up_to())
    return "search-results:" + hashlib.sha256(repr(asked).encode()).hexdigest()


def search(backend, query, kind, offset, limit, match_any, weights, kinds, results_of):
    """(counts by kind, results_of(the page's documents)) as backend.search finds them, or
    as it found them for the same question since the last change."""

    def found_by_backend():
        found = backend.search(query, kind, offset, limit, match_any, weights, kinds=kinds)
        return found.counts_by_kind, results_of(found.documents)

    key = _key(backend, query, kind, offset, limit, match_any, weights, kinds)
    return cached(CONTENT, key, found_by_backend, worth_keeping=_many_matches)


def _many_matches(found):
    counts, _results = found
    return sum(counts.values()) >= KEPT_FROM_MATCHES
