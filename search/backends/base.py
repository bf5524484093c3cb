from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings

# The columns a result shows (and snippets are cut from): never the tsvector.
DOCUMENT_FIELDS = ("id", "kind", "object_id", "title", "url", "summary", "breadcrumbs", "date")
DOCUMENT_FIELDS += ("headings", "body")


def weight_sql(weights, of_kind, in_url_prefix, headed_by):
    """A SQL factor for the rank, and its parameters: 1 unless the weights say otherwise.

    Each backend says how to test a result, as a condition on a parameter: `of_kind(kind)`,
    `in_url_prefix(prefix)`, `headed_by(heading)` (a whole heading line) each return
    (SQL, params)."""
    if not weights:
        return "1.0", []
    factors, params = [], []
    for conditions, condition_on in (
        (weights.by_kind, of_kind),
        (weights.by_url_prefix, in_url_prefix),
        (weights.by_heading, headed_by),
    ):
        for value, weight in conditions.items():
            condition, condition_params = condition_on(value)
            factors.append(f"(CASE WHEN {condition} THEN %s ELSE 1.0 END)")
            params += [*condition_params, float(weight)]
    return " * ".join(factors), params


def counted_up_to():
    """How far a backend counts the matches of each kind: one past
    SEARCH_EXACT_COUNT_UP_TO, so a count above that says only "more than" it. Counting
    every match of a common word was what grew most with the size of the site."""
    return settings.SEARCH_EXACT_COUNT_UP_TO + 1


def like_prefix(prefix):
    return prefix.replace("%", "").replace("_", "") + "%"


@dataclass
class Found:
    # {kind: number of matches}, each at most counted_up_to()
    counts_by_kind: dict = field(default_factory=dict)
    documents: list = field(default_factory=list)  # the requested page, best first


class SearchBackend:
    """What every backend does. Queries arrive as a cleaned `ParsedQuery`, never raw text.

    One call gives the number of matches of each kind (up to `counted_up_to()`) and one
    page of ranked documents (of one kind, or of all), so a backend can find both in a
    single pass over the matches. `match_any` asks for documents with any of the terms
    rather than all; those with all of them still come first.
    """

    # The Snowball stemmer that matches the database's own, used to highlight matches.
    stemmer_language = "english"

    def search(
        self, query, kind=None, offset=0, limit=10, match_any=False, weights=None, kinds=None
    ) -> Found:
        """`weights` (search.intent.Weights) multiplies the rank of results by kind and by
        address prefix; results with every term still come before the others. `kinds`: the
        kinds searched (counted, and ranked when no `kind` is given); None, every kind."""
        raise NotImplementedError

    def words_in_index(self, words):
        """Those of the words (each searched alone, stemmed) that some document holds; one
        query for all of them."""
        raise NotImplementedError

    def documents_written(self, documents):
        """Called with documents just inserted (with their keys), to index them where
        triggers do not."""

    def optimise(self):
        """Called after a full rebuild."""

    @contextmanager
    def vectors_later(self):
        """A block (an import) whose documents' indexing may finish when it ends, so that
        the backend's work runs beside the caller's."""
        yield
