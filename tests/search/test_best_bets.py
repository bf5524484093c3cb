"""Editors pin a page to a query: it comes first, marked as recommended."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidance.models import GuidancePage
from search.models import BestBet, SearchCount, Synonym
from search.searching import run_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def advice(make_page):
    root = make_page("Advice", slug="advice", body="Help if cybercrime has affected you.")
    return {
        "types": make_page("Types of scam", parent=root, body="Scam text. Scam call. Scam."),
        "reporting": make_page("Reporting", parent=root, body="Forward a scam text to us."),
    }


def pin(editor_client, query, address, order=0):
    return editor_client.post(
        reverse("admin:search_bestbet_add"),
        {"query": query, "page_address": address, "order": order},
    )


def test_a_pinned_page_comes_first_marked_recommended(editor_client, advice):
    assert run_search("scam text").first_results[0].url == "/advice/types-of-scam/"
    response = pin(editor_client, "Scam text", "https://example.org/advice/reporting/")
    assert response.status_code == 302
    assert BestBet.objects.get().query == "scam text"

    html = Client().get("/search/", {"q": "scam  TEXT"}).content.decode()
    first = html.index('class="search-result search-result--recommended"')
    assert html.index('href="/advice/reporting/"') > first
    assert html.index('href="/advice/types-of-scam/"') > html.index('href="/advice/reporting/"')
    assert "Recommended" in html
    assert html.count('href="/advice/reporting/"') == 1  # not again among the ranked results


def test_a_best_bet_also_answers_the_querys_synonyms(editor_client, advice):
    Synonym.objects.create(phrase="smishing", meanings="scam text")
    pin(editor_client, "scam text", "/advice/reporting/")
    assert run_search("smishing").first_results[0].url == "/advice/reporting/"
    assert run_search("smishing").first_results[0].recommended


def test_a_best_bet_shows_even_when_no_result_has_the_words(editor_client, advice):
    pin(editor_client, "report fraud", "/advice/reporting/")
    html = Client().get("/search/", {"q": "report fraud"}).content.decode()
    assert 'href="/advice/reporting/"' in html
    assert "Recommended" in html


def test_only_the_first_page_shows_best_bets(editor_client, advice):
    pin(editor_client, "scam", "/advice/reporting/")
    assert run_search("scam", page_number=2, per_page=1).recommended == []
    assert run_search("scam", page_number=1, per_page=1).recommended


def test_an_address_that_is_not_a_public_page_is_refused(editor_client, advice):
    response = pin(editor_client, "scam", "/advice/nowhere/")
    assert response.status_code == 200
    assert "No published item has this address" in response.content.decode()
    assert not BestBet.objects.exists()


def test_a_pinned_page_that_stops_being_public_is_not_shown(editor_client, advice):
    pin(editor_client, "scam text", "/advice/reporting/")
    page = advice["reporting"]
    page.status = GuidancePage.Status.DRAFT
    page.save()
    assert "/advice/reporting/" not in [r.url for r in run_search("scam text").first_results]
    page.status = GuidancePage.Status.PUBLISHED
    page.save()  # published again: the pin still holds
    assert run_search("scam text").first_results[0].url == "/advice/reporting/"


def test_the_best_bet_list_shows_how_often_its_query_was_searched(editor_client, advice):
    pin(editor_client, "scam text", "/advice/reporting/")
    today = timezone.localdate()
    SearchCount.objects.create(day=today, query="scam text", searches=4, results=2)
    SearchCount.objects.create(
        day=today - datetime.timedelta(days=3), query="scam text", searches=3, results=2
    )
    SearchCount.objects.create(day=today, query="other", searches=50, results=2)
    html = editor_client.get(reverse("admin:search_bestbet_changelist")).content.decode()
    assert "Reporting (/advice/reporting/)" in html
    assert '<td class="field-searched">7</td>' in html
