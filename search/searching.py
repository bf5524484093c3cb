"""Running a search: counts by kind, a page of ranked results, snippets."""

from dataclasses import dataclass

from . import registry
from .backends import get_backend
from .highlight import highlight, query_stems, snippet
from .query import parse_query


@dataclass
class Result:
    title_html: str
    url: str
    kind: str
    kind_label: str
    breadcrumbs: list
    snippet_html: str
    date: object


@dataclass
class KindCount:
    kind: str
    label: str
    count: int


class RankedResults:
    """A lazy, sliceable list of results, so that Django's Paginator fetches one page."""

    def __init__(self, backend, query, kind, total, match_any):
        self.backend = backend
        self.query = query
        self.kind = kind
        self.total = total
        self.match_any = match_any
        self.stems = query_stems(query.highlight_words, backend.stemmer_language)

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedResults can only be sliced")
        start = index.start or 0
        stop = self.total if index.stop is None else index.stop
        if stop <= start:
            return []
        documents = self.backend.results(
            self.query, kind=self.kind, offset=start, limit=stop - start, match_any=self.match_any
        )
        return [self._result(document) for document in documents]

    def _result(self, document):
        language = self.backend.stemmer_language
        searchable = registry.get_searchable(document.kind)
        return Result(
            title_html=highlight(document.title, self.stems, language),
            url=document.url,
            kind=document.kind,
            kind_label=searchable.label if searchable else document.kind,
            breadcrumbs=document.breadcrumbs,
            snippet_html=snippet(document.body, self.stems, language),
            date=document.date,
        )


@dataclass
class SearchOutcome:
    query: object
    kind: str
    kinds: list  # KindCount for every registered kind, in filter order
    total_all_kinds: int
    results: RankedResults | None
    match_any: bool  # no document had every word: these have some of them

    @property
    def kind_label(self):
        searchable = registry.get_searchable(self.kind)
        return searchable.label if searchable else ""


def run_search(raw_query, kind=""):
    """Search for what the reader typed, in one kind or all. An unknown kind means all."""
    if not registry.get_searchable(kind):
        kind = ""
    query = parse_query(raw_query, registry.abbreviations())
    backend = get_backend()
    counts, match_any = {}, False
    if query:
        counts = backend.counts_by_kind(query)
        if not counts and len(query.terms) > 1:
            match_any = True
            counts = backend.counts_by_kind(query, match_any=True)
    kinds = [KindCount(s.kind, s.label, counts.get(s.kind, 0)) for s in registry.searchables()]
    total_all_kinds = sum(counts.values())
    results = None
    if query:
        total = counts.get(kind, 0) if kind else total_all_kinds
        results = RankedResults(backend, query, kind, total, match_any)
    return SearchOutcome(query, kind, kinds, total_all_kinds, results, match_any)
