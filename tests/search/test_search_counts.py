"""Counts of results are exact up to SEARCH_EXACT_COUNT_UP_TO and "more than" it beyond; a
reader pages through that many results at most (both backends: search/backends/base.py).
The cap is lowered here: a thousand matching pages would make a slow fixture."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from guidance.models import PageTranslation
from search import cached_results
from search.backends import get_backend
from search.models import SearchCount, SearchDocument
from search.searching import FEW_RESULTS, run_search
from search.templatetags.search_counts import search_count

pytestmark = pytest.mark.django_db

# 25 guidance pages and 2 news items about scams: the cap falls inside the guidance pages.
GUIDANCE_PAGES, NEWS_ITEMS = 25, 2


@pytest.fixture
def scams(make_page):
    root = make_page("Advice", slug="advice", summary="Help if cybercrime has affected you.")
    for number in range(1, GUIDANCE_PAGES + 1):
        make_page(f"Scam number {number}", parent=root, body=f"Scam advice {number}.")
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="news",
            object_id=str(number),
            title=f"Scam news {number}",
            url=f"/news/scam-{number}/",
            body="A scam in the news.",
        )
        for number in range(NEWS_ITEMS)
    )
    get_backend().documents_written(list(SearchDocument.objects.filter(kind="news")))
    return root


def search_page(client, path="/search/", **params):
    return client.get(path, {"q": "scam", **params}).content.decode()


def count_sentence(html):
    return re.search(r'<p class="search-count" id="search-count">(.*?)</p>', html).group(1)


def tab_labels(html):
    return re.findall(r'<label for="kind-[\w-]+">(.*?)</label>', html)


def test_counts_at_or_below_the_cap_are_exact(client, scams):
    with override_settings(SEARCH_EXACT_COUNT_UP_TO=GUIDANCE_PAGES + NEWS_ITEMS):
        html = search_page(client)
    assert count_sentence(html) == "27 results for “scam”, page 1 of 3"
    assert tab_labels(html)[:2] == ["Everything (27)", "Guidance and advice (25)"]
    assert "News (2)" in tab_labels(html)


@override_settings(SEARCH_EXACT_COUNT_UP_TO=12)
def test_counts_above_the_cap_say_more_than_it(client, scams):
    html = search_page(client)
    assert count_sentence(html) == "More than 12 results for “scam”, page 1 of 2"
    assert tab_labels(html)[:2] == [
        "Everything (more than 12)",
        "Guidance and advice (more than 12)",
    ]
    assert "News (2)" in tab_labels(html)  # below the cap: exact
    assert "<title>Search results for “scam”" in html
    in_a_tab = search_page(client, kind="guidance")
    assert count_sentence(in_a_tab) == (
        "More than 12 results in Guidance and advice for “scam”, page 1 of 2"
    )


@override_settings(SEARCH_EXACT_COUNT_UP_TO=1000)
def test_the_cap_reads_with_a_thousands_separator():
    assert search_count(1000) == 1000
    assert search_count(1001) == "more than 1,000"


@override_settings(SEARCH_EXACT_COUNT_UP_TO=12)
def test_a_reader_pages_through_the_results_up_to_the_cap_and_no_further(client, scams):
    second = search_page(client, page="2")
    assert count_sentence(second) == "More than 12 results for “scam”, page 2 of 2"
    assert second.count('class="search-result"') == 2  # results 11 and 12
    assert 'start="11"' in second
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert "(page 2 of 2)" in second  # in the <title>
    for past_the_cap in ("3", "99", "999999999"):
        html = search_page(client, page=past_the_cap)
        assert count_sentence(html) == "More than 12 results for “scam”, page 2 of 2"
        assert html.count('class="search-result"') == 2
        assert 'rel="next"' not in html


@override_settings(SEARCH_EXACT_COUNT_UP_TO=20)
def test_the_pages_through_the_cap_hold_the_first_results_in_order(scams):
    everything = run_search("scam", per_page=30)
    assert everything.total == 21
    assert len(everything.page.object_list) == 20
    paged = [result.url for page in (1, 2) for result in run_search("scam", "", page).page]
    assert paged == [result.url for result in everything.page.object_list]


@override_settings(SEARCH_EXACT_COUNT_UP_TO=12)
def test_a_tab_past_its_last_page_lands_on_its_last_page(client, scams):
    html = search_page(client, kind="news", page="5")
    assert count_sentence(html) == "2 results in News for “scam”"
    assert html.count('class="search-result"') == 2


@override_settings(SEARCH_EXACT_COUNT_UP_TO=12)
def test_a_tab_with_no_results_offers_more_than_the_cap_in_everything(client, scams):
    html = client.get("/search/", {"q": "scam", "kind": "prosecution-guidance"}).content.decode()
    assert "See more than 12 results for “scam”" in html


@override_settings(SEARCH_EXACT_COUNT_UP_TO=5)
def test_the_outcome_counts_one_past_the_cap_and_the_few_results_fallback_still_works(scams):
    assert FEW_RESULTS <= 5  # else "few" could not be told from "more than the cap"
    outcome = run_search("scam")
    assert (outcome.total, outcome.total_all_kinds) == (6, 6)
    assert {kind.kind: kind.count for kind in outcome.kinds if kind.count} == {
        "guidance": 6,
        "news": 2,
    }
    assert not outcome.match_any and outcome.suggestion is None
    few = run_search("scam zebra")  # nothing has both words: some of them, after
    assert few.match_any and few.total_with_all_words == 0 and few.total == 6


@override_settings(SEARCH_EXACT_COUNT_UP_TO=5)
def test_the_search_log_keeps_one_past_the_cap_and_editors_read_more_than_it(
    client, scams, editor_client
):
    client.get("/search/", {"q": "scam"})
    assert SearchCount.objects.get(query="scam").results == 6
    html = editor_client.get(reverse("admin:search_searchcount_changelist")).content.decode()
    assert "<td>more than 5</td>" in html


def test_a_kept_result_is_not_shown_under_another_cap(scams, monkeypatch, settings):
    """The cap is part of what was asked: a count kept under one is never shown under
    another (a deployment that changes the setting)."""
    monkeypatch.setattr(cached_results, "KEPT_FROM_MATCHES", 1)
    settings.PAGE_CACHE_SECONDS = 600
    assert run_search("scam").total == 27
    with override_settings(SEARCH_EXACT_COUNT_UP_TO=5):
        assert run_search("scam").total == 6


@override_settings(SEARCH_EXACT_COUNT_UP_TO=5)
def test_a_welsh_search_says_more_than_the_cap_in_welsh(client, scams):
    for page in scams.get_children():
        PageTranslation.objects.create(
            page=page,
            language="cy",
            title=f"Sgam {page.pk}",
            body_markdown="Mae'r pysgotwrbanc yn esgus bod yn fanc.",
        )
    html = client.get("/cy/search/", {"q": "pysgotwrbanc"}).content.decode()
    assert count_sentence(html).startswith("Mwy na 5 o ganlyniadau ar gyfer “pysgotwrbanc”")
    assert "Popeth (mwy na 5)" in tab_labels(html)
    assert 'rel="next"' not in html  # the five results fit on one page
