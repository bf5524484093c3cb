"""Atom feeds, the sitemap (an index of sections, each in pages) and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import GuidancePage, PageTranslation
from pagecache.generations import forget_all_pages
from publications.models import NewsItem, ProsecutionGuidance
from shared.sitemaps import SectionSitemap
from tags.models import Tag
from tests.sitemaps import section_addresses, sitemap_paths, sitemap_urls
from tests.test_page_queries import forty_page_tree, grow_to

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published_news(db):
    item = NewsItem.objects.create(
        title="Officer sentenced",
        slug="officer-sentenced",
        published_on=datetime.date(2017, 9, 29),
        summary="A short summary.",
        status="published",
    )
    NewsItem.objects.create(
        title="Secret draft", slug="secret", published_on=datetime.date(2017, 9, 30)
    )
    return item


def assert_valid_atom(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "link"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    return entries


def test_the_news_feed_is_valid_atom_with_published_news_only(client, published_news):
    entries = assert_valid_atom(client.get("/feeds/news.atom"))
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Officer sentenced"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/news/officer-sentenced/")


def test_the_guidance_updates_feed_lists_public_pages_newest_change_first(client, small_tree):
    GuidancePage.objects.filter(pk=small_tree["root"].pk).update(
        updated_on=datetime.date(2023, 6, 1)
    )
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(
        updated_on=datetime.date(2025, 5, 1)
    )
    GuidancePage.objects.filter(pk=small_tree["introduction"].pk).update(
        updated_on=datetime.date(2026, 1, 1), status=GuidancePage.Status.DRAFT
    )
    entries = assert_valid_atom(client.get("/feeds/guidance-updates.atom"))
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Hacking", "Guidance"]  # drafts and undated pages are left out
    assert entries[0].find(f"{ATOM}updated").text.startswith("2025-05-01")


def test_feeds_and_the_sitemap_give_the_contents_own_dates_not_the_import_day(
    client, small_tree, published_news
):
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(
        updated_on=datetime.date(2025, 5, 1)
    )
    news_entry = assert_valid_atom(client.get("/feeds/news.atom"))[0]
    published = published_news.published_on.isoformat()
    assert news_entry.find(f"{ATOM}updated").text.startswith(published)
    lastmods = {
        url.find(f"{SITEMAP}loc").text.split("/", 3)[3]: getattr(
            url.find(f"{SITEMAP}lastmod"), "text", None
        )
        for url in sitemap_urls(client)
    }
    assert lastmods["guidance/cyber-dependent-crimes/hacking/"] == "2025-05-01"
    assert lastmods["guidance/introduction/"] is None
    assert lastmods["news/officer-sentenced/"] == published


def test_the_sitemap_lists_exactly_the_public_pages(client, small_tree, published_news):
    tag = Tag.objects.create(name="Cyber")
    published_news.tags.add(tag)
    Tag.objects.create(name="Unused")
    ProsecutionGuidance.objects.create(title="Draft guidance", slug="draft-guidance")
    dependent = GuidancePage.objects.get(pk=small_tree["dependent"].pk)
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    assert sitemap_paths(client) == sorted(
        [
            "",
            "cy/",  # the Welsh home page (its words are the interface's, all translated)
            "news/",
            "prosecution-guidance/",
            "guidance/",
            "guidance/introduction/",
            "news/officer-sentenced/",
            "tags/cyber/",
            "offences/",
            "glossary/",
        ]
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_sitemap_and_the_updates_feed_cost_the_same_queries_with_4_or_24_pages(
    client, small_tree, make_page
):
    """Each page's date is read with the page (with 10 000 pages, a query for each took
    the sitemap past two minutes, and past the server's timeout)."""
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(
        updated_on=datetime.date(2025, 5, 1)
    )
    urls = ["/sitemap.xml", "/sitemap-guidance.xml", "/feeds/guidance-updates.atom"]
    with_4 = [queries_for(client, url) for url in urls]
    for number in range(20):
        make_page(f"Dated {number}", parent=small_tree["dependent"], sibling_order=10 + number)
    GuidancePage.objects.filter(title__startswith="Dated").update(
        updated_on=datetime.date(2025, 6, 1)
    )
    assert [queries_for(client, url) for url in urls] == with_4


def test_the_sitemap_index_reads_each_section_once_with_40_or_1_000_pages(
    client, make_page, published_news, monkeypatch
):
    """The index asks each section for its latest date and its number of pages: one read
    of its items answers both (a second read walked every public page again, and a COUNT
    cost a query more a section), and the queries stay the same as the site grows."""
    from portal.urls import SITEMAPS

    reads = []
    for name, section in SITEMAPS.items():
        monkeypatch.setattr(
            section,
            "items",
            lambda self, items=section.items, name=name: reads.append(name) or items(self),
        )
    forty_page_tree(make_page)
    forget_all_pages()
    with_40 = queries_for(client, "/sitemap.xml")
    assert sorted(reads) == sorted(SITEMAPS)
    grow_to(1000)
    forget_all_pages()
    assert queries_for(client, "/sitemap.xml") == with_40
    assert len(sitemap_urls(client)) > 1000


def test_the_sitemap_index_reads_the_public_pages_once_for_the_three_sections_listing_them(
    client, small_tree, published_news
):
    """The guidance section, its Welsh versions and the tags all list from the public
    pages: the index reads them once for the three, as one walk of every page (each
    section reading them again cost a query and a walk of the whole tree)."""
    PageTranslation.objects.create(page=small_tree["hacking"], language="cy", title="Hacio")
    small_tree["hacking"].tags.add(Tag.objects.create(name="Cyber"))
    forget_all_pages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    page_reads = [q["sql"] for q in queries if 'FROM "guidance_guidancepage"' in q["sql"]]
    assert len(page_reads) == 1
    paths = sitemap_paths(client)  # and all three still list what they did
    assert "cy/guidance/cyber-dependent-crimes/hacking/" in paths
    assert "guidance/cyber-dependent-crimes/hacking/" in paths
    assert "tags/cyber/" in paths


def index_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        entry.find(f"{SITEMAP}loc").text: getattr(entry.find(f"{SITEMAP}lastmod"), "text", None)
        for entry in root.iter(f"{SITEMAP}sitemap")
    }


def test_the_sitemap_is_an_index_of_sections_dated_by_their_latest_content(
    client, small_tree, published_news
):
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(
        updated_on=datetime.date(2025, 5, 1)
    )
    entries = index_entries(client)
    assert entries["http://testserver/sitemap-guidance.xml"].startswith("2025-05-01")
    assert entries["http://testserver/sitemap-news.xml"].startswith("2017-09-29")
    # English and Welsh each have their sections; an undated section has no date.
    assert "http://testserver/sitemap-guidance-cy.xml" in entries
    assert "http://testserver/sitemap-statements-cy.xml" in entries
    assert entries["http://testserver/sitemap-pages.xml"] is None
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_large_section_comes_in_pages_of_the_same_cost_that_together_list_it_all(
    client, small_tree, make_page, monkeypatch
):
    for number in range(7):
        make_page(f"Extra {number}", parent=small_tree["dependent"], sibling_order=10 + number)
    public = [page.get_absolute_url() for page in GuidancePage.objects.published()]
    monkeypatch.setattr(SectionSitemap, "limit", 3)

    pages = [a for a in section_addresses(client) if "/sitemap-guidance.xml" in a]
    assert pages == [
        "http://testserver/sitemap-guidance.xml",
        *(f"http://testserver/sitemap-guidance.xml?p={n}" for n in range(2, len(pages) + 1)),
    ]
    assert len(pages) == -(-len(public) // 3)  # every page full but the last
    listed = []
    for address in pages:
        root = ET.fromstring(client.get(address).content)
        locations = [loc.text.split("testserver", 1)[1] for loc in root.iter(f"{SITEMAP}loc")]
        assert 0 < len(locations) <= 3
        listed += locations
    assert sorted(listed) == sorted(public)  # split: nothing lost, nothing repeated
    forget_all_pages()  # each page as rendered afresh, not from the page cache
    first = queries_for(client, pages[0])
    forget_all_pages()
    assert queries_for(client, pages[-1]) == first
    assert client.get(f"/sitemap-guidance.xml?p={len(pages) + 1}").status_code == 404
    assert client.get("/sitemap-guidance.xml?p=x").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text  # the index
    assert ET.fromstring(client.get("/sitemap.xml").content).tag == f"{SITEMAP}sitemapindex"
    assert "Disallow: /admin/" in response.text
