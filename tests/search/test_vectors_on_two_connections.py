"""On PostgreSQL, the vectors of many documents are computed half on the writer's
connection and half on a second one at the same time, or in an import all on the second
one while the import goes on; each document gets the vectors it gets alone."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from search.backends import get_backend
from search.backends.postgresql import (
    DOCUMENT_VECTOR,
    RANK_VECTOR,
    VECTORS_ON_TWO_CONNECTIONS_FROM,
)
from search.indexing import _write, rebuild_index
from search.models import SearchDocument
from tests.services import require_postgresql
from tests.test_page_queries import grow_to

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


# In an import (`vectors_later`), the vectors are computed on a second connection while the
# import goes on, and stored when it ends.


def to_tsvector_queries(queries):
    return [query for query in queries if "to_tsvector" in query["sql"]]


def test_in_an_import_the_vectors_are_stored_at_its_end_as_each_document_gets_them_alone():
    require_postgresql()
    with CaptureQueriesContext(connection) as queries, get_backend().vectors_later():
        _write(many_documents())
        assert {vector for _, vector, _ in stored_vectors()} == {None}  # not yet
        assert not to_tsvector_queries(queries)  # nor here: on the second connection
    written = stored_vectors()
    assert not to_tsvector_queries(queries)
    assert written == vectors_each_gets_alone()
    assert all(vector and rank for _, vector, rank in written[:3])


def test_a_rebuild_computes_the_vectors_beside_it_as_an_import_does(make_page):
    """rebuild_search_index, like import_content, indexes inside `vectors_later`: its own
    connection computes none of a large batch's vectors, and each document is given the
    vectors it gets alone."""
    require_postgresql()
    make_page("Guidance", slug="guidance")
    grow_to(VECTORS_ON_TWO_CONNECTIONS_FROM + 10)
    with CaptureQueriesContext(connection) as queries:
        counts = rebuild_index()
    assert counts["guidance"] == VECTORS_ON_TWO_CONNECTIONS_FROM + 10
    assert not to_tsvector_queries(queries)
    written = stored_vectors()
    assert written == vectors_each_gets_alone()
    assert all(vector and rank for _, vector, rank in written)


def test_in_an_import_without_a_second_connection_the_vectors_are_computed_at_its_end(
    monkeypatch,
):
    require_postgresql()
    connection.ensure_connection()
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "PORT", "1")
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "HOST", "127.0.0.1")
    with get_backend().vectors_later():
        _write(many_documents())
    written = stored_vectors()
    assert written == vectors_each_gets_alone()
    assert all(vector and rank for _, vector, rank in written[:3])


def test_a_document_indexed_again_in_the_import_keeps_the_vectors_of_its_new_text():
    require_postgresql()
    with get_backend().vectors_later():
        _write(many_documents())
        SearchDocument.objects.filter(object_id="1").delete()
        _write([SearchDocument(kind="guidance", object_id="1", title="Sextortion", url="/1/")])
    written = dict((object_id, vector) for object_id, vector, _ in stored_vectors())
    assert written["1"] == "'sextort':1A"
    assert stored_vectors() == vectors_each_gets_alone()


def test_an_import_that_fails_stores_no_vectors_and_ends_its_second_connection():
    require_postgresql()
    threads_before = threading.active_count()
    with pytest.raises(ZeroDivisionError), get_backend().vectors_later():
        _write(many_documents())
        1 / 0  # noqa: B018 - an import's ContentError, part-way
    assert {vector for _, vector, _ in stored_vectors()} == {None}
    assert threading.active_count() == threads_before


def batches_of_many_documents(count):
    """`count` batches, each large enough for the connections of their own, of other documents."""
    documents = many_documents()
    return [
        [
            SearchDocument(
                **{
                    field: getattr(document, field)
                    for field in ("kind", "title", "url", "headings", "summary", "body", "keywords")
                },
                object_id=f"{batch}-{document.object_id}",
            )
            for document in documents
        ]
        for batch in range(count)
    ]


def test_in_an_import_the_batches_are_dealt_out_to_two_connections_of_their_own(monkeypatch):
    """`to_tsvector` over 10 000 pages outlasted the rest of the import on one connection."""
    require_postgresql()
    from search.backends import postgresql

    backends = []
    computed_alone = postgresql._vectors_on_own_connection

    def noting_the_backend(documents):
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        return computed_alone(documents)

    monkeypatch.setattr(postgresql, "_vectors_on_own_connection", noting_the_backend)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_backend,) = cursor.fetchone()
    with get_backend().vectors_later():
        for batch in batches_of_many_documents(4):
            _write(batch)
    assert len(backends) == 4
    assert len(set(backends)) == 2  # two connections, each given every other batch
    assert own_backend not in backends
    assert stored_vectors() == vectors_each_gets_alone()


def test_in_an_import_the_vectors_ready_when_a_batch_is_handed_over_are_stored_then():
    """Not all at the end, with one core idle: whatever is ready is written meanwhile."""
    require_postgresql()
    from search.backends import postgresql

    first, second = batches_of_many_documents(2)
    with get_backend().vectors_later():
        _write(first)
        postgresql._later.vectors.pending[0][1].result()  # the first batch's are ready
        _write(second)
        stored = {object_id: vector for object_id, vector, _ in stored_vectors()}
        assert all(stored[document.object_id] for document in first)
        assert not any(stored[document.object_id] for document in second)  # not yet
    assert stored_vectors() == vectors_each_gets_alone()
