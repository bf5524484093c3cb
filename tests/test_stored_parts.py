"""A page's parts stored by its first reader (pagecache/stored_parts.py) are served to the
next ones, with the page cache off, and never after a change: each kind of change below is
seen by the very next reader."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from guidance.models import GuidancePage, PageTranslation
from pagecache.generations import forget_all_pages
from pagecache.models import StoredParts
from pagecache.stored_parts import PageParts, bump_stored_version
from publications.models import NewsItem
from tags.models import Tag
from tests.test_page_cache import HACKING, served
from tests.test_page_fragments import MAIN_COLUMN_TEMPLATES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def stored_then_read(client, url):
    """The page as its first reader gets it (storing its parts), then as the next one does."""
    first = client.get(url)
    assert first.status_code == 200
    return client.get(url).text


def main_of(html):
    return html[html.index("<main") : html.index("</main>")]


def test_the_next_reader_gets_the_stored_parts_with_one_query_and_no_page_template(
    client, small_tree
):
    first = client.get(HACKING).text
    response, queries, templates = served(client, HACKING)
    assert queries == 1  # the page, with its stored parts
    assert not MAIN_COLUMN_TEMPLATES & set(templates)
    assert response.text == first  # its <head> and header's language link stored as well


def test_the_home_page_sections_are_stored_too(client, small_tree):
    client.get("/")
    response, queries, _ = served(client, "/")
    assert queries == 1
    assert "Guidance" in main_of(response.text)
    small_tree["root"].title = "Prosecution guidance"
    small_tree["root"].save()
    assert "Prosecution guidance" in main_of(client.get("/").text)


def test_a_new_title_shows_at_once(client, small_tree):
    stored_then_read(client, HACKING)
    hacking = small_tree["hacking"]
    hacking.title = "Hacking and computer misuse"
    hacking.save()
    html = client.get(HACKING).text
    assert "<title>Hacking and computer misuse" in html
    assert ">Hacking and computer misuse</h1>" in html


def test_a_parent_renamed_shows_in_the_breadcrumbs_and_navigation_at_once(client, small_tree):
    stored_then_read(client, HACKING)
    dependent = small_tree["dependent"]
    dependent.title = "Computer crimes"
    dependent.save()
    html = client.get(HACKING).text
    assert "Computer crimes" in html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Computer crimes" in html.split('class="section-nav"')[1].split("</nav>")[0]


def test_a_tag_and_a_news_edit_reach_the_related_panels_at_once(client, small_tree):
    item = NewsItem.objects.create(
        title="Hacker jailed", slug="hacker-jailed", status="published",
        published_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    tag = Tag.objects.create(name="Cyber / online crime")
    tag.news_items.add(item)
    assert "Hacker jailed" not in stored_then_read(client, HACKING)
    tag.pages.add(small_tree["hacking"])
    assert "Hacker jailed" in client.get(HACKING).text
    item.title = "Hacker sentenced"
    item.save()
    assert "Hacker sentenced" in stored_then_read(client, HACKING)
    item.status = "draft"
    item.save()
    assert "Hacker sentenced" not in client.get(HACKING).text


def test_unpublishing_a_page_or_a_section_above_it_hides_it_at_once(client, small_tree):
    stored_then_read(client, HACKING)
    dependent = small_tree["dependent"]
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    assert client.get(HACKING).status_code == 404
    dependent.status = GuidancePage.Status.PUBLISHED
    dependent.save()
    stored_then_read(client, HACKING)
    hacking = small_tree["hacking"]
    hacking.status = GuidancePage.Status.DRAFT
    hacking.save()
    assert client.get(HACKING).status_code == 404


def test_a_page_published_shows_in_its_siblings_navigation_at_once(client, small_tree, make_page):
    draft = make_page(
        "Ransomware", parent=small_tree["dependent"], sibling_order=2,
        status=GuidancePage.Status.DRAFT,
    )  # fmt: skip
    assert ">Ransomware<" not in stored_then_read(client, HACKING)
    draft.status = GuidancePage.Status.PUBLISHED
    draft.save()
    assert ">Ransomware<" in client.get(HACKING).text


def test_a_page_scheduled_to_go_live_shows_at_its_time_without_any_save(
    client, small_tree, make_page, monkeypatch
):
    at = timezone.now() + datetime.timedelta(hours=1)
    make_page("Ransomware", parent=small_tree["dependent"], sibling_order=2, publish_at=at)
    assert ">Ransomware<" not in stored_then_read(client, HACKING)
    later = at + datetime.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert ">Ransomware<" in client.get(HACKING).text


def test_a_moved_page_shows_at_its_new_place_and_leaves_its_old_one(client, small_tree):
    stored_then_read(client, HACKING)
    introduction_url = small_tree["introduction"].get_absolute_url()
    stored_then_read(client, introduction_url)
    hacking = GuidancePage.objects.get(pk=small_tree["hacking"].pk)
    hacking.move_to(GuidancePage.objects.get(pk=small_tree["root"].pk), "last-child")
    moved = client.get(HACKING)
    assert moved.status_code == 301
    assert moved.headers["Location"] == "/guidance/hacking/"
    assert (
        "Cyber-dependent crimes"
        not in client.get("/guidance/hacking/")
        .text.split('class="breadcrumbs"')[1]
        .split("</nav>")[0]
    )
    navigation = client.get(introduction_url).text.split('class="section-nav"')[1]
    assert 'href="/guidance/hacking/"' in navigation.split("</nav>")[0]


def test_welsh_and_english_parts_are_kept_apart_and_a_translation_shows_at_once(client, small_tree):
    english = stored_then_read(client, HACKING)
    welsh = stored_then_read(client, "/cy" + HACKING)
    assert '<p class="notice" role="note">' in welsh  # shown in English, said in Welsh
    assert 'href="/cy/guidance/' in main_of(welsh)
    assert 'href="/cy/guidance/' not in main_of(english)
    translation = PageTranslation.objects.create(
        page=small_tree["hacking"], language="cy", title="Hacio", body_markdown="Agoriad."
    )
    welsh = client.get("/cy" + HACKING).text
    assert ">Hacio</h1>" in welsh and "Agoriad." in welsh
    assert '<p class="notice"' not in welsh
    assert ">Hacking</h1>" in client.get(HACKING).text
    translation.title = "Hacio cyfrifiaduron"
    translation.save()
    assert ">Hacio cyfrifiaduron</h1>" in client.get("/cy" + HACKING).text


def test_a_write_without_signals_shows_once_the_pages_are_forgotten(client, small_tree):
    stored_then_read(client, HACKING)
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(title="Bulk title")
    forget_all_pages()  # as every bulk writer does (import, rerender_content, check_tree)
    assert ">Bulk title</h1>" in client.get(HACKING).text


def test_parts_rendered_while_a_change_was_saved_are_never_used(small_tree):
    request = RequestFactory().get(HACKING)
    with override("en"):
        reader = PageParts(request).fetch()  # the version read before rendering
        reader.record("main", "<p>The old text.</p>")
        bump_stored_version()  # a change commits while the reader renders
        reader.save()
        assert StoredParts.objects.filter(address=reader.address).exists()
        assert PageParts(request).fetch().found is None


def test_a_preview_and_a_page_as_of_a_date_store_nothing(client, small_tree):
    client.get(HACKING, {"as_of": "2026-01-01"})
    assert not StoredParts.objects.exists()


def test_a_page_not_public_stores_nothing(client, small_tree):
    dependent = small_tree["dependent"]
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    assert client.get(HACKING).status_code == 404
    with CaptureQueriesContext(connection):
        assert client.get(HACKING).status_code == 404
    assert not StoredParts.objects.exists()


LIST_PAGES = [
    "/news/",
    "/news/?page=2",
    "/news/?tag=domestic-abuse",
    "/news/?tag=cyber-online-crime&page=3",
    "/cy/news/?page=1",
    "/prosecution-guidance/",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_each_page_of_a_list_is_stored_and_read_back_in_one_query(client, news, url):
    first = client.get(url).text
    response, queries, templates = served(client, url)
    assert queries == 1  # the stored parts
    assert "includes/breadcrumbs.html" not in templates
    assert response.text == first


@pytest.mark.parametrize(
    "query",
    [
        "?page=99",
        "?page=abc",
        "?page=",
        "?tag=no-such-tag",
        "?tag=<b>",
        "?tag=domestic-abuse&page=0",
    ],
)
def test_a_list_asked_for_by_a_made_up_query_stores_nothing(client, news, query):
    client.get("/news/")
    stored = StoredParts.objects.count()
    first = client.get("/news/" + query)
    response, queries, _ = served(client, "/news/" + query)
    assert StoredParts.objects.count() == stored
    assert queries > 1 and response.content == first.content


def test_a_list_shows_an_edit_at_once(client, news):
    for url in ("/news/", "/news/?tag=domestic-abuse", "/news/?page=2"):
        stored_then_read(client, url)
    NewsItem.objects.create(
        title="Story 24",
        slug="story-24",
        published_on=datetime.date(2020, 1, 24),
        status="published",
    ).tags.set([news["abuse"]])
    assert "Story 24" in client.get("/news/").text
    assert "12 items about Domestic abuse" in client.get("/news/?tag=domestic-abuse").text
    assert "Story 14" in client.get("/news/?page=2").text  # one moved down from page 1
    news["abuse"].name = "Abuse at home"
    news["abuse"].save()
    assert "Abuse at home" in client.get("/news/").text
