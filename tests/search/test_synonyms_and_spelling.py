"""Readers' words find the pages' words: editors' synonyms, and "Did you mean …?"."""

import pytest
from django.test import Client
from django.urls import reverse

from search.models import SearchCount, Synonym
from search.searching import run_search
from search.spelling import edit_distance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_synonyms")]


def result_titles(text):
    outcome = run_search(text)
    return [
        r.title_html.replace("<mark>", "").replace("</mark>", "") for r in outcome.first_results
    ]


@pytest.fixture
def advice(make_page):
    root = make_page("Advice", slug="advice", body="Help if cybercrime has affected you.")
    return {
        "images": make_page(
            "Intimate image abuse", parent=root, body="Sharing intimate images without consent."
        ),
        "fraud": make_page("Shopping fraud", parent=root, body="Fraud when buying online."),
        "phishing": make_page("Phishing", parent=root, body="Messages that try to trick you."),
        "stalking": make_page("Cyberstalking", parent=root, body="Being followed online."),
    }


def test_the_seeded_synonyms_are_there_for_editors_to_change():
    assert Synonym.objects.get(phrase="revenge porn").meaning_list[0] == "intimate image abuse"
    assert Synonym.objects.filter(phrase="cyber stalking").exists()


def test_a_synonym_phrase_finds_the_pages_own_words(advice):
    assert result_titles("revenge porn")[0] == "Intimate image abuse"
    assert result_titles("cyber stalking")[0] == "Cyberstalking"


def test_other_forms_of_a_synonyms_words_match_it(advice):
    assert result_titles("scams")[0] == "Shopping fraud"  # "scam" means "fraud"
    assert result_titles("scammed")[0] == "Shopping fraud"


def test_an_editor_adds_a_synonym_in_the_admin_and_the_next_search_uses_it(editor_client, advice):
    assert "Phishing" not in result_titles("dodgy email")
    response = editor_client.post(
        reverse("admin:search_synonym_add"),
        {"phrase": "  Dodgy   Email ", "meanings": "phishing\ntrick"},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(phrase="dodgy email").meaning_list == ["phishing", "trick"]
    html = Client().get("/search/", {"q": "dodgy email"}).content.decode()
    assert '<a href="/advice/phishing/"><mark>Phishing</mark></a>' in html


def test_a_synonym_is_compared_in_lower_case_words_so_a_second_is_refused(editor_client):
    add = reverse("admin:search_synonym_add")
    response = editor_client.post(add, {"phrase": "Revenge  PORN!", "meanings": "x"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    response = editor_client.post(add, {"phrase": "!!!", "meanings": "?!\n  \n..."})
    html = response.content.decode()
    assert "Write the phrase in words" in html
    assert "Write at least one word or phrase" in html


def test_changing_a_synonym_takes_effect_at_once(advice):
    run_search("revenge porn")  # the synonyms are now cached
    synonym = Synonym.objects.get(phrase="revenge porn")
    synonym.meanings = "cyberstalking"
    synonym.save()
    assert result_titles("revenge porn") == ["Cyberstalking"]
    synonym.delete()
    assert result_titles("revenge porn") == []


def test_a_misspelt_search_with_no_results_shows_the_results_for_the_correction(client, advice):
    html = client.get("/search/", {"q": "phising"}).content.decode()
    assert "No results" not in html
    assert "1 result for “phishing”" in html
    assert "Showing results for “phishing”." in html
    assert '<a href="?q=phising&amp;as_typed=1">Search instead for “phising”</a>' in html
    assert "Did you mean" not in html


def test_searching_instead_for_the_words_as_typed_offers_the_correction_as_a_link(client, advice):
    html = client.get("/search/", {"q": "phising", "as_typed": "1"}).content.decode()
    assert "No results" in html
    assert 'Did you mean <a href="?q=phishing">phishing</a>?' in html
    assert "Showing results for" not in html
    corrected = client.get("/search/", {"q": "phishing"}).content.decode()
    assert "1 result" in corrected
    assert "Did you mean" not in corrected
    assert "Showing results for" not in corrected


def test_a_correction_that_finds_nothing_either_is_only_offered(advice):
    # "denial" is in the vocabulary (a synonym's meaning) but on none of these pages.
    outcome = run_search("denail")
    assert outcome.suggestion == "denial"
    assert not outcome.corrected_from
    assert outcome.total_all_kinds == 0


def test_a_search_with_results_of_its_own_is_never_replaced(advice):
    outcome = run_search("phishing cyberstalkng")
    assert outcome.total_all_kinds  # "phishing" finds a page: the reader sees it
    assert outcome.suggestion == "phishing cyberstalking"
    assert not outcome.corrected_from


def test_the_search_log_counts_what_was_typed_not_the_correction(client, advice):
    client.get("/search/", {"q": "phising"})
    assert list(SearchCount.objects.values_list("query", "results")) == [("phising", 1)]


def test_only_the_misspelt_word_is_corrected(advice):
    assert run_search("cyberstalkng online").suggestion == "cyberstalking online"
    assert run_search("Intimate imagge").suggestion == "Intimate image"


def test_words_the_site_holds_are_never_corrected(advice):
    assert run_search("affected").suggestion is None  # in a body, not a title: still known
    assert run_search("phishing").suggestion is None
    assert run_search("zebra crossing").suggestion is None  # nothing close enough


def test_a_filter_by_kind_is_kept_in_the_suggestion_and_the_search_as_typed(client, advice):
    html = client.get("/search/", {"q": "phising", "kind": "guidance"}).content.decode()
    assert 'href="?q=phising&amp;as_typed=1&amp;kind=guidance"' in html
    html = client.get(
        "/search/", {"q": "phising", "kind": "guidance", "as_typed": "1"}
    ).content.decode()
    assert 'href="?q=phishing&amp;kind=guidance"' in html


def test_the_suggestion_is_escaped(client, advice):
    html = client.get("/search/", {"q": 'phising "<b>x'}).content.decode()
    assert "<b>" not in html


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [("phising", "phishing", 1), ("ransomwear", "ransomware", 2), ("hakcing", "hacking", 1)],
)
def test_edit_distance_counts_inserts_replacements_and_swaps(first, second, distance):
    assert edit_distance(first, second, limit=2) == distance
    assert edit_distance(first, "zebra", limit=2) == 3  # over the limit


def test_two_databases_sharing_one_cache_each_keep_their_own_vocabulary(advice, monkeypatch):
    """Two sites (or test workers) on one Redis: the spelling vocabulary and the synonyms
    are read from each database, so each is cached under its database's name."""
    from django.db import connection

    from search.models import SearchDocument
    from search.spelling import vocabulary
    from search.synonyms import editor_synonyms, forget_synonyms

    assert "cyberstalking" in vocabulary()
    assert "revenge porn" in editor_synonyms()
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_site")
    # The other site's database: no such page, and no synonyms (deleted without signals,
    # which would forget this site's cache and prove nothing).
    SearchDocument.objects.filter(title="Cyberstalking").delete()
    Synonym.objects.all()._raw_delete(Synonym.objects.db)
    assert "cyberstalking" not in vocabulary()
    assert "revenge porn" not in editor_synonyms()
    forget_synonyms()  # the other site's, from the tests' cache
