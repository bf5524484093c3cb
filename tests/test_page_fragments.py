"""A page-cache miss (a query string, another text size) is answered from the page's shell
(tests/test_page_shells.py); without one (evicted), it reuses the page's breadcrumbs and
main column as stored by an earlier reader (pagecache/stored_parts.py), and never after a
change. tests/test_stored_parts.py checks each kind of change with the page cache off."""

import datetime

import pytest

from guidance.visibility import next_publication_key
from publications.models import NewsItem
from tags.models import Tag
from tests.test_page_as_of_a_date import save_revision
from tests.test_page_cache import HACKING, served
from tests.test_page_shells import forget_shell

pytestmark = pytest.mark.django_db

MAIN_COLUMN_TEMPLATES = {"includes/breadcrumbs.html", "guidance/page_updates.html"}


def test_a_page_cache_miss_renders_only_the_layout_and_asks_only_for_the_page(client, small_tree):
    client.get(HACKING + "?utm_source=first")
    forget_shell(HACKING)
    response, queries, templates = served(client, HACKING + "?utm_source=second")
    assert response.status_code == 200
    assert "guidance/page.html" in templates
    assert not MAIN_COLUMN_TEMPLATES & set(templates)
    assert queries == 1  # the page itself: published, and which versions it has
    assert "Opening." in response.text


def test_each_display_setting_gets_its_own_layout_around_the_same_main_column(client, small_tree):
    standard = client.get(HACKING).text
    client.cookies["text_size"] = "largest"
    response, _, templates = served(client, HACKING)
    assert 'class="text-largest contrast-standard contrast-auto"' in response.text
    assert 'href="/display/?text_size=largest&amp;next=/guidance/' in response.text
    assert not MAIN_COLUMN_TEMPLATES & set(templates)
    main = standard[standard.index("<main") : standard.index("</main>")]
    assert main in response.text


def test_an_edit_reaches_a_page_cache_miss_at_once(client, small_tree):
    client.get(HACKING + "?utm_source=warm")
    hacking = small_tree["hacking"]
    hacking.body_markdown = "A new opening."
    hacking.save()
    assert "A new opening." in client.get(HACKING + "?utm_source=after").text


def test_a_parent_renamed_shows_in_the_breadcrumbs_at_once(client, small_tree):
    client.get(HACKING + "?utm_source=warm")
    dependent = small_tree["dependent"]
    dependent.title = "Computer crimes"
    dependent.save()
    breadcrumbs = client.get(HACKING + "?utm_source=after").text.split('class="breadcrumbs"')[1]
    assert "Computer crimes" in breadcrumbs.split("</nav>")[0]


def test_a_tag_reaches_the_main_column_at_once(client, small_tree):
    item = NewsItem.objects.create(
        title="Hacker jailed", slug="hacker-jailed", status="published",
        published_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    tag = Tag.objects.create(name="Cyber / online crime")
    tag.news_items.add(item)
    assert "Hacker jailed" not in client.get(HACKING + "?utm_source=warm").text
    tag.pages.add(small_tree["hacking"])
    assert "Hacker jailed" in client.get(HACKING + "?utm_source=after").text


def test_a_page_as_it_stood_on_a_date_is_never_the_cached_main_column(client, small_tree):
    hacking = small_tree["hacking"]
    save_revision(hacking, datetime.date(2025, 3, 1), "The first wording.")
    save_revision(hacking, datetime.date(2025, 3, 10), "The second wording.")
    assert "The second wording." in client.get(HACKING + "?utm_source=warm").text
    dated = client.get(HACKING, {"as_of": "2025-03-05"}).text
    assert "The first wording." in dated
    assert "The second wording." not in dated


def test_welsh_and_english_main_columns_are_kept_apart(client, small_tree):
    english = client.get(HACKING + "?utm_source=warm").text
    welsh = client.get("/cy" + HACKING + "?utm_source=warm").text
    assert 'href="/cy/guidance/' in welsh.split("<main")[1]
    assert 'href="/cy/guidance/' not in english.split("<main")[1]


def test_a_page_cache_miss_asks_the_cache_for_no_fragment(client, small_tree, monkeypatch):
    from django.core.cache import cache

    client.get(HACKING + "?utm_source=warm")
    forget_shell(HACKING)
    reads = []

    def counted(method):
        real = getattr(cache, method)

        def read(*args, **kwargs):
            reads.append((method, args[0]))
            return real(*args, **kwargs)

        monkeypatch.setattr(cache, method, read)

    counted("get")
    counted("get_many")
    response = client.get(HACKING + "?utm_source=again")
    assert "Opening." in response.text
    # Its parts come with the page from the database. Besides its shell (not found, then
    # stored), at most the scheduled-changes check, which reads once a second per process.
    keys = {key for method, read in reads for key in (read if method == "get_many" else [read])}
    keys -= {next_publication_key(), "generation:content"}
    assert len(keys) == 1 and keys.pop().startswith("shell:"), reads
