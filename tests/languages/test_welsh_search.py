"""/cy/search/ searches the Welsh pages; /search/ the English ones; abbreviations in both."""

import pytest

from guidance.models import PageTranslation
from offences.models import GlossaryTerm, GlossaryTermTranslation
from search.searching import run_search

pytestmark = pytest.mark.django_db

PHISHING = "advice/types-of-cybercrime/phishing"


@pytest.fixture
def welsh_phishing(shipped_content):
    translation, _ = PageTranslation.objects.update_or_create(
        page=shipped_content[PHISHING],
        language="cy",
        defaults={
            "title": "Gwe-rwydo",
            "summary": "Negeseuon ffug sy'n ceisio dwyn eich manylion.",
            # "pysgotwrbanc": a word no other page uses, to count this page alone.
            "body_markdown": "## Gwe-rwydo\n\nMae'r pysgotwrbanc yn esgus bod yn fanc.\n",
        },
    )
    return translation


def test_a_welsh_search_finds_welsh_pages_at_their_welsh_address(welsh_phishing, client):
    html = client.get("/cy/search/?q=pysgotwrbanc").content.decode()
    assert f'href="/cy/{PHISHING}/"' in html
    assert "Gwe-rwydo" in html
    assert run_search("pysgotwrbanc").total == 0  # English search: not a Welsh page


def test_each_language_searches_only_its_own_pages(shipped_content):
    welsh = run_search("seiberdroseddu", language="cy", per_page=50)
    english = run_search("cybercrime", per_page=50)
    assert welsh.total > 0 and english.total > 0
    assert all(result.url.startswith("/cy/") for result in welsh.first_results)
    assert not any(result.url.startswith("/cy/") for result in english.first_results)
    assert run_search("seiberdroseddu").total == 0  # no English page uses the Welsh word
    assert [kind.kind for kind in welsh.kinds] == ["welsh"]


def test_the_welsh_breadcrumbs_have_welsh_titles(welsh_phishing, shipped_content):
    PageTranslation.objects.update_or_create(
        page=shipped_content[PHISHING].parent,
        language="cy",
        defaults={"title": "Mathau o seiberdroseddu (prawf)"},
    )
    welsh_phishing.save()  # reindexed with its parent's Welsh title
    result = run_search("pysgotwrbanc", language="cy").first_results[0]
    assert [crumb["title"] for crumb in result.breadcrumbs][-1] == "Mathau o seiberdroseddu (prawf)"


def test_a_welsh_page_leaves_the_index_when_its_english_page_is_unpublished(
    welsh_phishing, shipped_content
):
    assert run_search("pysgotwrbanc", language="cy").total == 1
    page = shipped_content[PHISHING]
    page.status = page.Status.DRAFT
    page.save()
    assert run_search("pysgotwrbanc", language="cy").total == 0


def test_a_welsh_page_under_an_unpublished_section_is_not_found(welsh_phishing, shipped_content):
    parent = shipped_content[PHISHING].parent
    parent.status = parent.Status.DRAFT
    parent.save()
    assert run_search("pysgotwrbanc", language="cy").total == 0


def test_an_abbreviation_finds_pages_in_both_languages(shipped_content):
    term = GlossaryTerm.objects.get(abbreviation="CMA")
    GlossaryTermTranslation.objects.update_or_create(
        english_term=term,
        language="cy",
        defaults={"term": "Deddf Camddefnyddio Cyfrifiaduron 1990"},
    )
    PageTranslation.objects.update_or_create(
        page=shipped_content[PHISHING],
        language="cy",
        defaults={
            "title": "Hacio",
            "body_markdown": "Mae Deddf Camddefnyddio Cyfrifiaduron 1990 yn gwahardd hacio.\n",
        },
    )
    welsh = run_search("cma", language="cy", per_page=50)
    assert f"/cy/{PHISHING}/" in [result.url for result in welsh.first_results]
    assert all(result.url.startswith("/cy/") for result in welsh.first_results)
    english = run_search("cma")
    assert english.total > 0
    assert all(not result.url.startswith("/cy/") for result in english.first_results)
