"""Running a search: counts by kind, one page of ranked results with snippets."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator

from . import cached_results, registry
from .backends import get_backend
from .backends.base import counted_up_to
from .best_bets import best_bet_documents
from .highlight import highlight, query_stems, snippet
from .intent import weights_for
from .query import parse_query
from .spelling import suggest

RESULTS_PER_PAGE = 10
# Fewer items than this have every word: show the items with some of the words after them.
FEW_RESULTS = 3


@dataclass
class Result:
    title_html: str
    url: str
    kind: str
    kind_label: str
    breadcrumbs: list
    snippet_html: str
    date: object
    recommended: bool = False  # an editor's best bet for this query


@dataclass
class KindCount:
    kind: str
    label: str
    count: int  # above SEARCH_EXACT_COUNT_UP_TO: "more than" that


class FetchedPage:
    """All the results as Django's Paginator sees them: a count, and the one page that
    was fetched (the backend counts and ranks in one go, so nothing is fetched twice)."""

    def __init__(self, total, offset, results):
        self.total = total
        self.offset = offset
        self.results = results

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice) or (index.start or 0) != self.offset:
            raise IndexError("only the fetched page can be read")
        return self.results[: index.stop - self.offset]  # a last page that ends at the cap


@dataclass
class SearchOutcome:
    query: object
    kind: str
    kinds: list  # KindCount for every registered kind, in filter order
    # The totals, like the counts, are exact up to SEARCH_EXACT_COUNT_UP_TO and one more
    # than it beyond ("more than 1,000"): the backends stop counting there.
    total_all_kinds: int
    total: int  # in the chosen kind, or in all
    match_any: bool  # few items had every word: items with some of them follow
    total_with_all_words: int = 0
    suggestion: str | None = None  # "Did you mean …?": the query with spelling corrected
    corrected_from: str = ""  # these are the results for the suggestion, not for this text
    recommended: list = field(default_factory=list)  # best bets, shown first on page 1

    @property
    def first_results(self):
        """What the reader sees first: best bets, then this page of ranked results."""
        ranked = list(self.page.object_list) if self.page else []
        return self.recommended + ranked

    paginator: Paginator | None = None
    page: object = None

    @property
    def kind_label(self):
        searchable = registry.get_searchable(self.kind)
        return searchable.label if searchable else ""


def _page_number(value):
    try:
        number = int(str(value)[:9])
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _results(documents, query, language, recommended=False):
    stems = query_stems(query.highlight_words, language)
    results = []
    for document in documents:
        searchable = registry.get_searchable(document.kind)
        results.append(
            Result(
                title_html=highlight(document.title, stems, language),
                url=document.url,
                kind=document.kind,
                kind_label=searchable.label if searchable else document.kind,
                breadcrumbs=document.breadcrumbs,
                snippet_html=snippet(document.body, stems, language),
                date=document.date,
                recommended=recommended,
            )
        )
    return results


def run_search(
    raw_query, kind="", page_number=1, per_page=RESULTS_PER_PAGE, as_typed=False, language="en"
):
    """Search for what the reader typed, in one kind or all (an unknown kind means all), of
    the kinds written in `language`.

    A page number that is not a number is the first page; one past the end is the last,
    and so is one past the first SEARCH_EXACT_COUNT_UP_TO results (the most a reader can
    page through: beyond that the matches are not counted).
    When nothing at all has the words and a spelling correction does find something, the
    outcome is the corrected search's, saying what was typed (`corrected_from`), as GOV.UK
    and the big search engines do; `as_typed` searches for the words exactly as typed.
    """
    in_language = registry.searchables(language)
    kinds = [searchable.kind for searchable in in_language]
    if kind not in kinds:
        kind = ""
    synonyms = registry.synonyms()
    query = parse_query(raw_query, synonyms)
    if query:
        for searchable in in_language:
            searchable.catch_up()
    outcome = _search(query, synonyms, kind, page_number, per_page, in_language)
    if outcome.suggestion and not outcome.total_all_kinds and not as_typed:
        corrected = _search(
            parse_query(outcome.suggestion, synonyms),
            synonyms,
            kind,
            page_number,
            per_page,
            in_language,
        )
        if corrected.total_all_kinds or corrected.recommended:
            corrected.corrected_from = query.text
            corrected.suggestion = None
            return corrected
    return outcome


def _search(query, synonyms, kind, page_number, per_page, in_language):
    """One search of the kinds in `in_language` (the searchables written in the reader's)."""
    kinds = [searchable.kind for searchable in in_language]
    outcome = SearchOutcome(query, kind, [], 0, 0, False)
    counts = {}
    if query:
        backend = get_backend()
        weights = weights_for(query)
        number = _page_number(page_number)

        def fetch(number, match_any):
            offset = (number - 1) * per_page
            counts, results = cached_results.search(
                backend, query, kind, offset, per_page, match_any, weights, kinds, results_of
            )
            return offset, counts, results

        def results_of(documents):
            return _results(documents, query, backend.stemmer_language)

        def total_of(counts):
            return _up_to_the_cap(counts.get(kind, 0) if kind else sum(counts.values()))

        offset, counts, results = fetch(number, False)
        outcome.total_with_all_words = total_of(counts)
        if outcome.total_with_all_words < FEW_RESULTS and len(query.terms) > 1:
            outcome.match_any = True
            offset, counts, results = fetch(number, True)
        total = total_of(counts)
        can_be_shown = min(total, settings.SEARCH_EXACT_COUNT_UP_TO)
        if total and offset >= can_be_shown:  # asked for a page past the end
            number = (can_be_shown - 1) // per_page + 1
            offset, counts, results = fetch(number, outcome.match_any)
        elif not total:  # nothing found: whatever page was asked for, it is the first
            number, offset = 1, 0
        if outcome.total_with_all_words < FEW_RESULTS:
            outcome.suggestion = suggest(query.text, backend.words_in_index)
        if number == 1:
            pinned = [
                document
                for document in best_bet_documents(query.text, synonyms, kind)
                if document.kind in kinds
            ]
            outcome.recommended = _results(pinned, query, backend.stemmer_language, True)
            pinned_urls = {document.url for document in pinned}
            results = [result for result in results if result.url not in pinned_urls]
        outcome.total = total
        outcome.paginator = Paginator(FetchedPage(can_be_shown, offset, results), per_page)
        outcome.page = outcome.paginator.get_page(number)
    outcome.kinds = [KindCount(s.kind, s.label, counts.get(s.kind, 0)) for s in in_language]
    outcome.total_all_kinds = _up_to_the_cap(sum(counts.values()))
    return outcome


def _up_to_the_cap(total):
    """A sum of counts by kind, each exact or one past the cap: itself up to the cap, one
    past it beyond (the total is above the cap, and that is all that is known)."""
    return min(total, counted_up_to())
