from dataclasses import dataclass, field


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

    def search(self, query, kind=None, offset=0, limit=10, match_any=False) -> Found:
        raise NotImplementedError

    def documents_written(self, document_ids):
        """Called after documents are inserted, to index them where triggers do not."""

    def optimise(self):
        """Called after a full rebuild."""
