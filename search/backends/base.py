from dataclasses import dataclass, field


def weight_sql(weights, kind_column, url_column, headings_column):
    """A SQL factor for the rank, and its parameters: 1 unless the weights say otherwise."""
    if not weights:
        return "1.0", []
    factors, params = [], []
    if weights.by_kind:
        cases = " ".join("WHEN %s THEN %s" for _ in weights.by_kind)
        factors.append(f"(CASE {kind_column} {cases} ELSE 1.0 END)")
        for kind, weight in weights.by_kind.items():
            params += [kind, float(weight)]
    for prefix, weight in weights.by_url_prefix.items():
        factors.append(f"(CASE WHEN {url_column} LIKE %s THEN %s ELSE 1.0 END)")
        params += [prefix.replace("%", "").replace("_", "") + "%", float(weight)]
    for heading, weight in weights.by_heading.items():
        # A whole heading line, so "section 3" is not "section 3za".
        factors.append(
            f"(CASE WHEN (%s || lower({headings_column}) || %s) LIKE %s THEN %s ELSE 1.0 END)"
        )
        params += [
            "\n",
            "\n",
            "%\n" + heading.lower().replace("%", "").replace("_", "") + "\n%",
            weight,
        ]
    return " * ".join(factors), params


@dataclass
class Found:
    counts_by_kind: dict = field(default_factory=dict)  # {kind: number of matches}
    documents: list = field(default_factory=list)  # the requested page, best first


class SearchBackend:
    """What every backend does. Queries arrive as a cleaned `ParsedQuery`, never raw text.

    One call gives the number of matches of each kind and one page of ranked documents
    (of one kind, or of all), so a backend can find both in a single pass over the
    matches. `match_any` asks for documents with any of the terms rather than all; those
    with all of them still come first.
    """

    # The Snowball stemmer that matches the database's own, used to highlight matches.
    stemmer_language = "english"

    def search(self, query, kind=None, offset=0, limit=10, match_any=False, weights=None) -> Found:
        """`weights` (search.intent.Weights) multiplies the rank of results by kind and by
        address prefix; results with every term still come before the others."""
        raise NotImplementedError

    def words_in_index(self, words):
        """Those of the words (each searched alone, stemmed) that some document holds; one
        query for all of them."""
        raise NotImplementedError

    def documents_written(self, document_ids):
        """Called after documents are inserted, to index them where triggers do not."""

    def optimise(self):
        """Called after a full rebuild."""
