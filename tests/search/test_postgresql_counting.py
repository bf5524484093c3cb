"""On PostgreSQL a search counts its matches by kind on narrow rows (DocumentKind) that
triggers keep in step with the documents however they are written, and, when enough
matches hold the words in their title, headings, summary or keywords, ranks those alone:
the counts and the order are those of ranking every match (search/backends/postgresql.py).
"""

import pytest
from django.db import connection

from guidance.models import GuidancePage
from search.backends import get_backend, postgresql
from search.indexing import _write, rebuild_index
from search.models import DocumentKind, SearchDocument
from search.query import parse_query
from tests.search.test_postgresql_candidates import long_body, search
from tests.search.test_vectors_on_two_connections import many_documents
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_postgresql():
    require_postgresql()


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_kind_rows_in_step():
    """One DocumentKind row for each document with a vector, holding its kind and vector."""
    documents = rows(
        "SELECT id, kind, search_vector::text FROM search_searchdocument"
        " WHERE search_vector IS NOT NULL ORDER BY id"
    )
    kinds = rows("SELECT id, kind, search_vector::text FROM search_documentkind ORDER BY id")
    assert kinds == documents


def test_a_page_saved_edited_unpublished_and_deleted_keeps_its_kind_row_in_step(make_page):
    root = make_page("Guidance", slug="guidance")
    page = make_page("Quokka", parent=root, body="Wombats.")
    assert_kind_rows_in_step()
    assert DocumentKind.objects.count() == 2
    page.body_markdown = "Echidnas instead."
    page.save()
    assert_kind_rows_in_step()
    assert [document.title for document in search("echidna").documents] == ["Quokka"]
    page.status = GuidancePage.Status.DRAFT
    page.save()
    assert_kind_rows_in_step()
    assert DocumentKind.objects.count() == 1
    root.delete()
    assert_kind_rows_in_step()
    assert not DocumentKind.objects.exists()


def test_a_rebuild_leaves_one_kind_row_for_each_document(make_page):
    root = make_page("Guidance", slug="guidance")
    for number in range(3):
        make_page(f"Page {number}", parent=root)
    DocumentKind.objects.all().delete()  # as if they had gone astray: a rebuild restores them
    rebuild_index()
    assert_kind_rows_in_step()
    assert DocumentKind.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_an_import_writing_vectors_on_a_second_connection_keeps_the_kind_rows_in_step():
    with get_backend().vectors_later():
        _write(many_documents())
        assert not DocumentKind.objects.exists()  # no vector yet, so nothing to count
    assert_kind_rows_in_step()
    assert DocumentKind.objects.count() == len(many_documents())


def test_counts_by_kind_are_those_of_the_documents(make_page):
    root = make_page("Guidance", slug="guidance")
    for number in range(3):
        make_page(f"Zephyrine {number}", parent=root)
    _write([SearchDocument(kind="news", object_id="1", title="Zephyrine news", url="/n/1/")])
    found = search("zephyrine")
    assert found.counts_by_kind == {"guidance": 3, "news": 1}


def ordered_pks(found):
    return [document.pk for document in found.documents]


def make_titled_and_body_only_pages(make_page, titled, body_only):
    """Pages with both words in their titles (their small vectors rank them), and pages
    with the words in their bodies only, of several lengths (their small vectors give them
    only ts_rank's token rank, which a shorter small vector makes larger)."""
    root = make_page("Guidance", slug="guidance")
    for number in range(titled):
        make_page(f"Zephyrine gale {number}", parent=root, body=long_body(number, "zephyrine"))
    for number in range(body_only):
        make_page(
            f"Page {number}" + " about winds" * (number % 4),
            parent=root,
            summary="Weather." * (number % 3),
            body=f"Zephyrine gale. {long_body(100 + number)}",
        )


def test_with_enough_candidates_in_their_small_vectors_the_order_is_that_of_ranking_all(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=8)
    for text in ("zephyrine gale", "zephyrine", "gale zephyrine winds", '"zephyrine gale"'):
        # A page reaching past the candidates ranks every match's small vector: its first
        # four are the candidates, in their order.
        every_match_ranked = ordered_pks(search(text, limit=5))[:4]
        assert ordered_pks(search(text, limit=4)) == every_match_ranked
        assert ordered_pks(search(text, offset=2, limit=2)) == every_match_ranked[2:]


def test_with_too_few_candidates_in_their_small_vectors_the_order_is_that_of_ranking_all(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=2, body_only=8)
    every_match_ranked = ordered_pks(search("zephyrine gale", limit=5))[:4]
    assert ordered_pks(search("zephyrine gale", limit=4)) == every_match_ranked
    # The two titled pages first, then the body-only pages with the shortest small vectors.
    assert search("zephyrine gale", limit=4).documents[0].title.startswith("Zephyrine gale")


def any_word(text, limit):
    """The fallback to any word: the documents with every term first, then those with some."""
    backend = postgresql.PostgresSearchBackend()
    return backend.search(parse_query(text), limit=limit, match_any=True)


def test_with_the_fallback_to_any_word_the_order_is_that_of_ranking_all(make_page, monkeypatch):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=8)
    for text in ("zephyrine quokka", "gale quokka", "zephyrine gale quokka"):
        every_match_ranked = ordered_pks(any_word(text, limit=5))[:4]
        assert ordered_pks(any_word(text, limit=4)) == every_match_ranked
        assert any_word(text, limit=4).counts_by_kind == any_word(text, limit=5).counts_by_kind


def test_with_the_fallback_the_documents_with_every_term_come_first_whatever_their_titles(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=8)
    root = GuidancePage.objects.get(slug="guidance")
    # Both words in the body only: the small vector holds neither.
    both = make_page("Weather", parent=root, body=f"Zephyrine quokka. {long_body(99)}")
    found = any_word("zephyrine quokka", limit=4)
    assert found.documents[0].object_id == str(both.pk)
    assert ordered_pks(found) == ordered_pks(any_word("zephyrine quokka", limit=5))[:4]
    assert sum(found.counts_by_kind.values()) == 15


def document_rows_read(text, limit, match_any=False):
    """Blocks of the document table (not its indexes, not the kind rows) fetched by one
    search (this transaction's own statistics)."""

    def fetched():
        [(blocks,)] = rows(
            "SELECT pg_stat_get_xact_blocks_fetched('search_searchdocument'::regclass)"
        )
        return blocks

    before = fetched()
    any_word(text, limit=limit) if match_any else search(text, limit=limit)
    return fetched() - before


def test_with_enough_candidates_in_their_small_vectors_no_other_match_is_read(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=10)
    read_with_10_others = document_rows_read("zephyrine gale", limit=4)
    root = GuidancePage.objects.get(slug="guidance")
    for number in range(10, 60):
        make_page(f"Page {number}", parent=root, body=f"Zephyrine gale. {long_body(number)}")
    assert document_rows_read("zephyrine gale", limit=4) == read_with_10_others
    # Ranking every match (a page past the candidates) reads every match's row.
    assert document_rows_read("zephyrine gale", limit=5) > read_with_10_others


def test_with_the_fallback_and_enough_candidates_no_other_match_is_read(make_page, monkeypatch):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=10)
    read_with_10_others = document_rows_read("zephyrine quokka", limit=4, match_any=True)
    root = GuidancePage.objects.get(slug="guidance")
    for number in range(10, 60):
        make_page(f"Page {number}", parent=root, body=f"Zephyrine gale. {long_body(number)}")
    assert document_rows_read("zephyrine quokka", limit=4, match_any=True) == read_with_10_others
    assert document_rows_read("zephyrine quokka", limit=5, match_any=True) > read_with_10_others


def test_the_shipped_content_as_tests_restore_it_has_its_kind_rows(shipped_content):
    assert_kind_rows_in_step()
    assert DocumentKind.objects.count() == SearchDocument.objects.count()
