"""Atom feeds, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import GuidancePage
from publications.models import NewsItem, ProsecutionGuidance
from tags.models import Tag

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
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmods = {
        url.find(f"{SITEMAP}loc").text.split("/", 3)[3]: getattr(
            url.find(f"{SITEMAP}lastmod"), "text", None
        )
        for url in root.iter(f"{SITEMAP}url")
    }
    assert lastmods["guidance/cyber-dependent-crimes/hacking/"] == "2025-05-01"
    assert lastmods["guidance/introduction/"] is None
    assert lastmods["news/officer-sentenced/"] == published


def sitemap_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return sorted(
        loc.text.split("://", 1)[1].split("/", 1)[1] for loc in root.iter(f"{SITEMAP}loc")
    )


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
    urls = ["/sitemap.xml", "/feeds/guidance-updates.atom"]
    with_4 = [queries_for(client, url) for url in urls]
    for number in range(20):
        make_page(f"Dated {number}", parent=small_tree["dependent"], sibling_order=10 + number)
    GuidancePage.objects.filter(title__startswith="Dated").update(
        updated_on=datetime.date(2025, 6, 1)
    )
    assert [queries_for(client, url) for url in urls] == with_4


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
