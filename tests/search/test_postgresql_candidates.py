"""On PostgreSQL a long page's whole vector is stored out of line (in the TOAST table): a
search reads it for a bounded number of candidates, never for every match, and still
counts every match and pages through all of them in one order
(search/backends/postgresql.py)."""

import random
import string

import pytest
from django.db import connection

from search.backends import postgresql
from search.backends.postgresql import PostgresSearchBackend, fill_rank_vectors
from search.models import SearchDocument
from search.query import parse_query
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_postgresql():
    require_postgresql()


def long_body(seed, word="zephyrine"):
    """Some 700 made-up words around `word`: a vector of several kilobytes, too big for the
    row even compressed."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(700)]
    words[rng.randrange(len(words))] = word
    return " ".join(words)


def search(text, offset=0, limit=10):
    return PostgresSearchBackend().search(parse_query(text), offset=offset, limit=limit)


def whole_vectors_read(text):
    """Blocks of the document table's TOAST table fetched by one search (this transaction's
    own statistics, so nothing else running on the server counts)."""

    def fetched():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_stat_get_xact_blocks_fetched(reltoastrelid) FROM pg_class"
                " WHERE oid = %s::regclass",
                [SearchDocument._meta.db_table],
            )
            return cursor.fetchone()[0]

    before = fetched()
    found = search(text)
    return fetched() - before, sum(found.counts_by_kind.values())


def test_a_search_reads_whole_vectors_of_the_candidates_not_of_every_match(make_page, monkeypatch):
    monkeypatch.setattr(postgresql, "CANDIDATES", 4)
    root = make_page("Guidance", slug="guidance")
    for number in range(12):
        make_page(f"Page {number}", parent=root, body=long_body(number))
    read_for_12, counted = whole_vectors_read("zephyrine")
    assert counted == 12
    for number in range(12, 40):
        make_page(f"Page {number}", parent=root, body=long_body(number))
    read_for_40, counted = whole_vectors_read("zephyrine")
    assert counted == 40
    assert read_for_12 > 0  # the bodies shown and the candidates' vectors are out of line
    assert read_for_40 == read_for_12


def test_past_the_candidates_every_match_is_counted_and_shown_once_in_one_order(
    make_page, monkeypatch
):
    monkeypatch.setattr(postgresql, "CANDIDATES", 3)
    root = make_page("Guidance", slug="guidance")
    titled = make_page("Zephyrine", parent=root, body="About it.")
    for number in range(7):
        make_page(f"Page {number}", parent=root, body=f"Zephyrine, mentioned {number} times.")
    whole = search("zephyrine", limit=100).documents
    assert len(whole) == 8
    assert whole[0].title == titled.title
    pages = [search("zephyrine", offset=offset, limit=2) for offset in range(0, 10, 2)]
    assert all(page.counts_by_kind == {"guidance": 8} for page in pages)
    shown = [document.pk for page in pages for document in page.documents]
    assert shown == [document.pk for document in whole]


def test_with_no_more_matches_than_candidates_the_order_is_that_of_the_whole_vectors(make_page):
    root = make_page("Guidance", slug="guidance")
    make_page("Zephyrine", parent=root, body="About it.")
    make_page("Winds", parent=root, body="## Zephyrine\n\nA heading names it.")
    make_page("Breezes", parent=root, body="Zephyrine, zephyrine and more zephyrine.")
    make_page("Long", parent=root, body=long_body(1))
    make_page("Short", parent=root, body="Zephyrine.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {SearchDocument._meta.db_table}"  # noqa: S608 - the model's table
            " WHERE search_vector @@ phraseto_tsquery('english', 'zephyrine')"
            " ORDER BY ts_rank(search_vector, phraseto_tsquery('english', 'zephyrine'), 1)"
            " DESC, id"
        )
        ranked_on_whole_vectors = [row[0] for row in cursor.fetchall()]
    assert len(ranked_on_whole_vectors) == 5
    assert [document.pk for document in search("zephyrine").documents] == ranked_on_whole_vectors


def test_the_small_vector_holds_title_headings_summary_and_keywords_not_the_body(make_page):
    make_page(
        "Quokka",
        slug="guidance",
        summary="Wombats everywhere.",
        body="## Platypus\n\nEchidnas live here.",
    )
    document = SearchDocument.objects.get(kind="guidance")
    assert document.rank_vector is not None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rank_vector::text, search_vector::text FROM {SearchDocument._meta.db_table}"  # noqa: S608
            " WHERE id = %s",
            [document.pk],
        )
        small, whole = cursor.fetchone()
    for lexeme in ("quokka", "platypus", "wombat"):
        assert f"'{lexeme}'" in small
        assert f"'{lexeme}'" in whole
    assert "'echidna'" not in small
    assert "'echidna'" in whole


def test_documents_indexed_before_the_small_vector_get_one(make_page):
    make_page("Quokka", slug="guidance", body="Echidnas live here.")
    SearchDocument.objects.update(rank_vector=None)
    fill_rank_vectors()
    assert not SearchDocument.objects.filter(rank_vector=None).exists()
    assert [document.title for document in search("quokka").documents] == ["Quokka"]
