"""A repeated search is answered from the cache until the content or the index changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from guidance.models import GuidancePage
from search import cached_results
from search.indexing import remove_objects
from search.registry import get_searchable
from search.searching import run_search

pytestmark = pytest.mark.django_db


def titles_and_index_reads(text):
    """The titles found, and how many statements read the full-text index to find them."""
    statements = []

    def remember(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(remember):
        outcome = run_search(text)
    index_reads = [sql for sql in statements if "search_fts" in sql or "search_vector" in sql]
    results = outcome.page.object_list if outcome.page else []
    titles = [result.title_html.replace("<mark>", "").replace("</mark>", "") for result in results]
    return titles, len(index_reads), outcome.total_all_kinds


@pytest.fixture
def three_pages_about_banks(make_page):
    """Three matches: enough to show no "Did you mean …?", which reads the index."""
    make_page("Phishing", body="Messages that pretend to come from your bank.")
    make_page("Vishing", body="Calls that pretend to come from your bank.")
    make_page("Smishing", body="Texts that pretend to come from your bank.")


@pytest.fixture
def kept_from_one_match(monkeypatch):
    monkeypatch.setattr(cached_results, "KEPT_FROM_MATCHES", 1)


def test_a_repeated_search_reads_no_index_and_finds_the_same(three_pages_about_banks, monkeypatch):
    monkeypatch.setattr(cached_results, "KEPT_FROM_MATCHES", 3)
    first = titles_and_index_reads("bank")
    again = titles_and_index_reads("bank")
    assert first[1] > 0
    assert again == (first[0], 0, 3)


def test_a_search_with_few_matches_is_not_kept(three_pages_about_banks, monkeypatch):
    """Made-up words match nothing: they must not fill the cache the pages share."""
    monkeypatch.setattr(cached_results, "KEPT_FROM_MATCHES", 4)
    titles_and_index_reads("bank")
    assert titles_and_index_reads("bank")[1] > 0


def test_an_edit_shows_in_the_next_search(make_page, kept_from_one_match):
    page = make_page("Malware", body="Viruses and worms.")
    assert titles_and_index_reads("worms")[0] == ["Malware"]
    page.body_markdown = "Trojans and spyware."
    page.save()
    assert titles_and_index_reads("worms")[0] == []
    assert titles_and_index_reads("spyware")[0] == ["Malware"]


def test_a_write_to_the_index_alone_shows_in_the_next_search(make_page, kept_from_one_match):
    """A rebuild or a scheduled page going live writes documents without a content save."""
    page = make_page("Ransomware", body="Extortion demands.")
    assert titles_and_index_reads("extortion")[0] == ["Ransomware"]
    remove_objects(get_searchable("guidance"), [page.pk])
    assert titles_and_index_reads("extortion")[0] == []


def test_without_the_page_cache_every_search_reads_the_index(
    three_pages_about_banks, settings, kept_from_one_match
):
    settings.PAGE_CACHE_SECONDS = 0
    titles_and_index_reads("bank")
    assert titles_and_index_reads("bank")[1] > 0


def test_two_databases_sharing_one_cache_each_index_their_own_scheduled_pages(
    make_page, monkeypatch
):
    """The time of the last catch-up is kept under each database's name: another site's
    catch-up on the same Redis must not make this one skip a section that came due."""
    section = make_page("Threats", publish_at=timezone.now() + timedelta(hours=1))
    ransomware = make_page("Ransomware", parent=section, body="Extortion demands.")
    assert titles_and_index_reads("extortion")[0] == []  # this site catches up: not yet due

    # The section comes due (the clock moves it; no save announces it), and another site on
    # the same cache catches up first. It has the same section (this test has one database),
    # but its index is its own: what it wrote is taken out of this one.
    GuidancePage.objects.filter(pk=section.pk).update(publish_at=timezone.now())
    with monkeypatch.context() as another_site:
        another_site.setitem(connection.settings_dict, "NAME", "another_site")
        run_search("anything")
    remove_objects(get_searchable("guidance"), [section.pk, ransomware.pk])

    assert titles_and_index_reads("extortion")[0] == ["Ransomware"]
