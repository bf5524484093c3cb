"""/cy/search/ searches the Welsh pages; /search/ the English ones; abbreviations in both."""

import pytest

from guidance.models import PageTranslation
from offences.models import GlossaryTerm, GlossaryTermTranslation
from search.searching import run_search

pytestmark = pytest.mark.django_db

PHISHING = "advice/types-of-cybercrime/phishing"


@pytest.fixture
def welsh_phishing(shipped_content):
    return PageTranslation.objects.create(
        page=shipped_content[PHISHING],
        language="cy",
        title="Gwe-rwydo",
        summary="Negeseuon ffug sy'n ceisio dwyn eich manylion.",
        body_markdown="## Sut i adnabod gwe-rwydo\n\nMae'r troseddwyr yn esgus bod yn fanc.\n",
    )


def test_a_welsh_search_finds_welsh_pages_at_their_welsh_address(welsh_phishing, client):
    html = client.get("/cy/search/?q=troseddwyr").content.decode()
    assert f'href="/cy/{PHISHING}/"' in html
    assert "Gwe-rwydo" in html
    assert run_search("troseddwyr").total == 0  # English search: not a Welsh page


def test_a_welsh_search_finds_no_english_page(welsh_phishing):
    outcome = run_search("hacking", language="cy")
    assert outcome.total == 0
    assert run_search("hacking").total > 0
    assert [kind.kind for kind in outcome.kinds] == ["welsh"]


def test_the_welsh_breadcrumbs_have_welsh_titles(welsh_phishing, shipped_content):
    PageTranslation.objects.create(
        page=shipped_content[PHISHING].parent, language="cy", title="Mathau o seiberdroseddu"
    )
    welsh_phishing.save()  # reindexed with its parent's Welsh title
    result = run_search("troseddwyr", language="cy").first_results[0]
    assert [crumb["title"] for crumb in result.breadcrumbs][-1] == "Mathau o seiberdroseddu"


def test_a_welsh_page_leaves_the_index_when_its_english_page_is_unpublished(
    welsh_phishing, shipped_content
):
    assert run_search("troseddwyr", language="cy").total == 1
    page = shipped_content[PHISHING]
    page.status = page.Status.DRAFT
    page.save()
    assert run_search("troseddwyr", language="cy").total == 0


def test_a_welsh_page_under_an_unpublished_section_is_not_found(welsh_phishing, shipped_content):
    parent = shipped_content[PHISHING].parent
    parent.status = parent.Status.DRAFT
    parent.save()
    assert run_search("troseddwyr", language="cy").total == 0


def test_an_abbreviation_finds_pages_in_both_languages(shipped_content):
    term = GlossaryTerm.objects.get(abbreviation="CMA")
    GlossaryTermTranslation.objects.create(
        english_term=term, language="cy", term="Deddf Camddefnyddio Cyfrifiaduron 1990"
    )
    PageTranslation.objects.create(
        page=shipped_content[PHISHING],
        language="cy",
        title="Hacio",
        body_markdown="Mae Deddf Camddefnyddio Cyfrifiaduron 1990 yn gwahardd hacio.\n",
    )
    welsh = run_search("cma", language="cy")
    assert [result.url for result in welsh.first_results] == [f"/cy/{PHISHING}/"]
    english = run_search("cma")
    assert english.total > 0
    assert all(not result.url.startswith("/cy/") for result in english.first_results)
