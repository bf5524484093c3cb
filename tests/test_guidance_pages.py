"""The public guidance tree: URLs by path, drafts hidden, navigation, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def test_page_is_served_at_the_path_of_its_slugs(client, small_tree):
    response = client.get("/guidance/cyber-dependent-crimes/hacking/")
    assert response.status_code == 200
    assert small_tree["hacking"].get_absolute_url() == "/guidance/cyber-dependent-crimes/hacking/"
    assert "<h1>Hacking</h1>" in response.text


def test_unknown_path_gives_the_not_found_page(client, small_tree):
    response = client.get("/guidance/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_anonymous_visitor_cannot_see_draft_page(client, small_tree, make_page):
    make_page("Secret", parent=small_tree["root"], status=GuidancePage.Status.DRAFT)
    assert client.get("/guidance/secret/").status_code == 404


def test_children_of_a_draft_page_are_hidden_too(client, small_tree):
    dependent = small_tree["dependent"]
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 404
    assert "Cyber-dependent crimes" not in client.get("/guidance/introduction/").text


def test_breadcrumbs_show_the_path_to_the_page(client, small_tree):
    html = client.get("/guidance/cyber-dependent-crimes/hacking/").text
    breadcrumbs = html[html.index('aria-label="Breadcrumb"') :].split("</nav>")[0]
    assert 'href="/guidance/"' in breadcrumbs
    assert 'href="/guidance/cyber-dependent-crimes/"' in breadcrumbs
    assert '<span aria-current="page">Hacking</span>' in breadcrumbs


def test_section_navigation_marks_the_current_page(client, small_tree):
    html = client.get("/guidance/cyber-dependent-crimes/hacking/").text
    nav = html[html.index('class="section-nav"') :].split("</nav>")[0]
    assert '<a href="/guidance/cyber-dependent-crimes/hacking/" aria-current="page">' in nav
    assert 'href="/guidance/introduction/"' in nav


def test_contents_list_links_to_each_heading(client, small_tree):
    html = client.get("/guidance/cyber-dependent-crimes/hacking/").text
    assert '<a href="#offences">Offences</a>' in html
    assert '<h2 id="offences">Offences<a class="section-link"' in html
    assert '<a href="#section-1">Section 1</a>' in html


def test_previous_and_next_follow_reading_order(client, small_tree):
    html = client.get("/guidance/introduction/").text
    assert 'href="/guidance/" rel="prev"' in html
    assert 'href="/guidance/cyber-dependent-crimes/" rel="next"' in html


def test_page_shows_its_own_last_updated_and_last_reviewed_dates(client, small_tree):
    page = small_tree["introduction"]
    page.updated_on = datetime.date(2024, 3, 5)
    page.reviewed_on = datetime.date(2025, 1, 20)
    page.save()
    html = client.get("/guidance/introduction/").text
    assert 'Last updated <time datetime="2024-03-05">5 March 2024</time>' in html
    assert 'Last reviewed <time datetime="2025-01-20">20 January 2025</time>' in html


def test_a_page_without_its_own_date_shows_none_rather_than_the_day_it_was_saved(
    client, small_tree
):
    html = client.get("/guidance/introduction/").text
    assert "Last updated" not in html and "Last reviewed" not in html


def test_home_page_lists_the_top_level_sections(client, small_tree):
    html = client.get("/").text
    assert 'href="/guidance/"' in html
    assert "The CPS guidance." in html
    assert 'href="/guidance/cyber-dependent-crimes/"' in html


def test_moving_a_page_moves_the_urls_of_its_subtree(client, small_tree):
    dependent = small_tree["dependent"]
    dependent.move_to(small_tree["introduction"], "last-child")
    hacking = GuidancePage.objects.get(pk=small_tree["hacking"].pk)
    assert hacking.path == "guidance/introduction/cyber-dependent-crimes/hacking"
    assert client.get("/guidance/introduction/cyber-dependent-crimes/hacking/").status_code == 200


def test_renaming_a_slug_rewrites_descendant_paths(small_tree):
    dependent = GuidancePage.objects.get(pk=small_tree["dependent"].pk)
    dependent.slug = "dependent"
    dependent.save()
    assert GuidancePage.objects.get(pk=small_tree["hacking"].pk).path == (
        "guidance/dependent/hacking"
    )


def build_tree(make_page, size):
    root = make_page("Guidance", slug="guidance")
    sections = [make_page(f"Section {n}", parent=root, sibling_order=n) for n in range(3)]
    pages = []
    for n in range(size - 4):
        section = sections[n % 3]
        pages.append(make_page(f"Page {n}", parent=section, sibling_order=n))
    return pages


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_for_a_page_do_not_grow_with_the_tree(client, make_page):
    pages = build_tree(make_page, 10)
    small = count_queries(client, pages[0].get_absolute_url())
    GuidancePage.objects.all().delete()
    pages = build_tree(make_page, 200)
    large = count_queries(client, pages[0].get_absolute_url())
    assert small == large
    assert large <= 6


def test_every_h2_and_h3_has_a_link_to_its_section(client, small_tree):
    html = client.get("/guidance/cyber-dependent-crimes/hacking/").text
    assert (
        '<h2 id="offences">Offences<a class="section-link" href="#offences"'
        ' aria-label="Link to section: Offences"></a></h2>'
    ) in html
    assert 'href="#section-1" aria-label="Link to section: Section 1"></a></h3>' in html
    # The link holds no words: the contents list and the search text are unchanged.
    page = small_tree["hacking"]
    page.refresh_from_db()
    assert page.headings[0] == {"level": 2, "text": "Offences", "anchor": "offences"}


def test_section_links_survive_a_glossary_change(client, small_tree):
    from offences.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Crown Prosecution Service", abbreviation="CPS")
    page = small_tree["hacking"]
    page.refresh_from_db()
    assert 'aria-label="Link to section: Offences"' in page.body_html
