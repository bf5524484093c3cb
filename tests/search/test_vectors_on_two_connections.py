"""On PostgreSQL, the vectors of an import's many documents are computed half on the
import's connection and half on a second one at the same time; each document gets the
vector it gets alone."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from search.backends.postgresql import (
    DOCUMENT_VECTOR,
    RANK_VECTOR,
    VECTORS_ON_TWO_CONNECTIONS_FROM,
)
from search.indexing import _write
from search.models import SearchDocument
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = [
    "Phishing emails pretend to come from your bank",
    "It's a <b>tag</b> & an 'apostrophe', a back\\slash and a \"quote\"",
    "Café naïve résumé: ransomware, keyloggers and DDoS",
    "",
]


def stored_vectors():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, search_vector::text, rank_vector::text "
            "FROM search_searchdocument ORDER BY id"
        )
        return cursor.fetchall()


def many_documents():
    return [
        SearchDocument(
            kind="guidance",
            object_id=str(number),
            title=TEXTS[number % 4] or "Untitled",
            url=f"/guidance/{number}/",
            headings=TEXTS[(number + 1) % 4],
            summary=TEXTS[(number + 2) % 4],
            body=" ".join(TEXTS[(number + 2) % 4] for _ in range(number % 7)),
            keywords=TEXTS[(number + 3) % 4],
        )
        for number in range(VECTORS_ON_TWO_CONNECTIONS_FROM + 1)
    ]


def vectors_each_gets_alone():
    SearchDocument.objects.update(search_vector=DOCUMENT_VECTOR, rank_vector=RANK_VECTOR)
    return stored_vectors()


def test_on_postgresql_a_large_batch_gets_the_vectors_each_document_gets_alone():
    require_postgresql()
    with CaptureQueriesContext(connection) as queries:
        _write(many_documents())
    from_a_second_connection = [query for query in queries if "unnest(" in query["sql"]]
    assert len(from_a_second_connection) == 1  # half the vectors came from elsewhere

    in_two_halves = stored_vectors()
    assert in_two_halves == vectors_each_gets_alone()
    assert len(in_two_halves) == VECTORS_ON_TWO_CONNECTIONS_FROM + 1
    assert all(vector and rank for _, vector, rank in in_two_halves[:3])


def test_without_a_second_connection_every_vector_is_computed_on_the_first(monkeypatch):
    require_postgresql()
    # The import's own connection is open; one opened from now on goes to a port nothing
    # listens on.
    connection.ensure_connection()
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "PORT", "1")
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "HOST", "127.0.0.1")
    with CaptureQueriesContext(connection) as queries:
        _write(many_documents())
    assert not [query for query in queries if "unnest(" in query["sql"]]

    written = stored_vectors()
    assert written == vectors_each_gets_alone()
    assert all(vector and rank for _, vector, rank in written[:3])
