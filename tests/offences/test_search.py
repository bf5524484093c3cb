"""Offences and glossary terms are in the site search, kept in step as they change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offences.models import GlossaryTerm
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def result_titles(client, query):
    """The addresses of the results, in order."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<h2 class="search-result__title"><a href="([^"]+)">', response.text)


def test_an_offence_is_found_by_its_title_act_and_section(client, make_offence):
    make_offence("s3ZA", "Unauthorised acts causing serious damage", slug="cma-s3za")
    for query in ("serious damage", "Computer Misuse Act", "s3ZA", "section 3ZA"):
        assert "/offences/cma-s3za/" in result_titles(client, query), query


def test_offences_have_their_own_kind_in_the_search_filter(client, make_offence):
    make_offence("s1", "Unauthorised access", slug="cma-s1")
    response = client.get("/search/", {"q": "unauthorised access", "kind": "offences"})
    assert "/offences/cma-s1/" in response.text
    assert "Offences" in response.text


def test_a_glossary_term_is_found_and_links_to_its_anchor(client, glossary):
    assert "/glossary/#malware" in result_titles(client, "malicious software")


def test_an_abbreviation_finds_its_meaning(client, glossary, make_page):
    make_page("Attacks", body="A distributed denial of service attack floods a site.")
    assert "/attacks/" in result_titles(client, "DDoS")


def test_editing_and_deleting_a_term_keeps_the_index_in_step(glossary):
    term = GlossaryTerm.objects.get(abbreviation="IP")
    term.definition = "The addressing rules of the internet."
    term.save()
    document = SearchDocument.objects.get(kind="glossary", object_id=str(term.pk))
    assert "addressing rules" in document.body
    term.delete()
    assert not SearchDocument.objects.filter(kind="glossary", object_id=str(term.pk)).exists()


def test_a_new_abbreviation_is_searchable_at_once_despite_the_cache(client, glossary, make_page):
    make_page("Tunnels", body="A virtual private network hides where you are.")
    assert "/tunnels/" not in result_titles(client, "VPN")  # caches the abbreviations
    GlossaryTerm.objects.create(term="Virtual private network", abbreviation="VPN")
    assert "/tunnels/" in result_titles(client, "VPN")


def test_searching_costs_no_glossary_query_once_cached(client, glossary):
    client.get("/search/", {"q": "DDoS"})
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/", {"q": "DDoS"}).status_code == 200
    assert not [q for q in captured if "offences_glossaryterm" in q["sql"]]
