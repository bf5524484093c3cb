class SearchBackend:
    """What every backend does. Queries arrive as a cleaned `ParsedQuery`, never raw text.

    `match_any` asks for documents with any of the terms rather than all of them (the
    results page falls back to it when no document has them all).
    """

    # The Snowball stemmer that matches the database's own, used to highlight matches.
    stemmer_language = "english"

    def counts_by_kind(self, query, match_any=False):
        """{kind: number of matching documents}"""
        raise NotImplementedError

    def results(self, query, kind=None, offset=0, limit=10, match_any=False):
        """Matching SearchDocuments, best first."""
        raise NotImplementedError

    def documents_written(self, document_ids):
        """Called after documents are inserted, to index them where triggers do not."""

    def optimise(self):
        """Called after a full rebuild."""
