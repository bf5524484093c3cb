"""On PostgreSQL a search counts its matches by kind on narrow rows (DocumentKind) that
triggers keep in step with the documents however they are written, and, when enough
matches hold the words in their title, headings, summary or keywords, ranks those alone:
the counts and the order are those of ranking every match (search/backends/postgresql.py).
"""

import pytest
from django.db import connection
from django.test import override_settings

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


def kind_index_scans():
    """Scans of the narrow rows' index (vector and kind) in this transaction."""
    [(scans,)] = rows(
        "SELECT pg_stat_get_xact_numscans('document_kind_vector_and_kind_gin'::regclass)"
    )
    return scans


def gale_pages(make_page, titled=6, body_only=8, news=2):
    """Pages with "zephyrine gale breeze" in their titles and others in their bodies only,
    and news items with the three words."""
    root = make_page("Guidance", slug="guidance")
    for number in range(titled):
        make_page(f"Zephyrine gale breeze {number}", parent=root, body=long_body(number))
    for number in range(body_only):
        make_page(f"Page {number}", parent=root, body=f"Zephyrine gale breeze. {long_body(number)}")
    _write(
        [
            SearchDocument(
                kind="news",
                object_id=str(number),
                title=f"Zephyrine gale breeze {number}",
                url=f"/news/{number}/",
            )
            for number in range(news)
        ]
    )


@override_settings(SEARCH_EXACT_COUNT_UP_TO=3)
@pytest.mark.parametrize("text", ["zephyrine", "zephyrine gale", "zephyrine gale breeze"])
@pytest.mark.parametrize("candidates", [4, 100])  # enough candidates in small vectors; too few
def test_each_kind_is_counted_up_to_one_past_the_cap(make_page, monkeypatch, text, candidates):
    monkeypatch.setattr(postgresql, "CANDIDATES", candidates)
    gale_pages(make_page)
    assert search(text, limit=4).counts_by_kind == {"guidance": 4, "news": 2}
    in_news = postgresql.PostgresSearchBackend().search(parse_query(text), kind="news", limit=4)
    assert in_news.counts_by_kind == {"guidance": 4, "news": 2}


@override_settings(SEARCH_EXACT_COUNT_UP_TO=3)
def test_one_or_two_terms_with_enough_candidates_count_each_kind_through_its_lexeme(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    gale_pages(make_page)
    for text, scans_of_each_kind in (("zephyrine gale", True), ("zephyrine gale breeze", False)):
        before = kind_index_scans()
        search(text, limit=4)
        # One scan for each kind searched (every registered kind), or one for them all.
        assert (kind_index_scans() - before > 1) is scans_of_each_kind


@pytest.mark.parametrize(
    ("text", "one_or_two_words"),
    [
        ("hacking", True),
        ("hacking email", True),
        ("the hacking of email", True),  # common words are left out
        ("computer misuse evidence", False),
        ('"computer misuse"', False),  # a phrase
        ("section 3ZA", False),  # a section is a phrase
        ("ddos", False),  # with its synonym
    ],
)
def test_one_or_two_words_are_single_words_with_no_synonym(text, one_or_two_words):
    query = parse_query(text, {"ddos": ["denial of service"]})
    assert postgresql._one_or_two_words(query) is one_or_two_words


@pytest.mark.parametrize("word", ["hacking", "3za", "covid19", "e2e", "ŵyr", "café", "x", "2024"])
def test_a_single_word_is_one_lexeme_never_a_phrase(word):
    """What lets one- and two-word searches skip the whole vector: a word the query parser
    keeps (letters and digits) is one lexeme, or none, to PostgreSQL's parser."""
    [(tsquery,)] = rows(f"SELECT phraseto_tsquery('english', '{word}')::text")
    assert "<->" not in tsquery and "&" not in tsquery


def test_every_word_of_a_small_vector_is_in_its_whole_vector(shipped_content):
    """The other premise: checked on the shipped content (bench/README.md: on the bench
    corpora too)."""
    assert rows(
        "SELECT count(*) FROM search_searchdocument WHERE NOT"
        " (tsvector_to_array(rank_vector) <@ tsvector_to_array(search_vector))"
    ) == [(0,)]


@pytest.mark.parametrize("candidates", [4, 100])
def test_one_or_two_words_find_and_count_the_same_without_the_whole_vector(
    make_page, monkeypatch, candidates
):
    monkeypatch.setattr(postgresql, "CANDIDATES", candidates)
    make_titled_and_body_only_pages(make_page, titled=6, body_only=8)
    root = GuidancePage.objects.get(slug="guidance")
    make_page("Gale only", parent=root, body="A gale, no more.")
    texts = ("zephyrine", "gale", "zephyrine gale", "gale zephyrine", "winds gale")
    fallbacks = ("zephyrine quokka", "gale quokka")

    def everything_found():
        found = [search(text, limit=limit) for text in texts for limit in (4, 5)]
        found += [any_word(text, limit=4) for text in fallbacks]
        return [(ordered_pks(each), each.counts_by_kind) for each in found]

    with_the_shortcut = everything_found()
    monkeypatch.setattr(postgresql, "_one_or_two_words", lambda query: False)
    assert everything_found() == with_the_shortcut
