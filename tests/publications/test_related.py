"""Related news and prosecution guidance beside a guidance page, through tags and pins."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache.generations import forget_all_pages
from publications.models import NewsItem, PinnedGuidance, PinnedNews, ProsecutionGuidance
from publications.related import panels_for_page, related_news_for
from tags.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(db):
    return {name: Tag.objects.create(name=name) for name in ("Cyber", "Sexual", "Abuse", "Other")}


@pytest.fixture
def make_news(tags):
    def make(title, tag_names, day=1, status="published"):
        item = NewsItem.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            published_on=datetime.date(2020, 1, day),
            status=status,
            body_markdown=f"About {title}.",
        )
        item.tags.set([tags[name] for name in tag_names])
        return item

    return make


@pytest.fixture
def tagged_page(small_tree, tags):
    page = small_tree["hacking"]
    tags["Cyber"].pages.add(page)
    tags["Sexual"].pages.add(page)
    return page


def titles(items):
    return [item.title for item in items]


def test_items_sharing_most_tags_come_first_then_newest(tagged_page, make_news):
    make_news("One tag old", ["Cyber"], day=1)
    make_news("Two tags", ["Cyber", "Sexual"], day=2)
    make_news("One tag new", ["Sexual"], day=9)
    make_news("Unrelated", ["Other"], day=10)
    assert titles(panels_for_page(tagged_page).news) == ["Two tags", "One tag new", "One tag old"]


def test_at_most_three_items_are_shown(tagged_page, make_news):
    for day in range(1, 8):
        make_news(f"News {day}", ["Cyber"], day=day)
    assert titles(panels_for_page(tagged_page).news) == ["News 7", "News 6", "News 5"]


def test_pinned_items_come_first_in_pin_order(tagged_page, make_news):
    make_news("Best match", ["Cyber", "Sexual"], day=5)
    second_pin = make_news("Untagged but pinned", [], day=1)
    first_pin = make_news("Pinned and tagged", ["Cyber"], day=2)
    PinnedNews.objects.create(page=tagged_page, news_item=second_pin, position=2)
    PinnedNews.objects.create(page=tagged_page, news_item=first_pin, position=1)
    assert titles(panels_for_page(tagged_page).news) == [
        "Pinned and tagged",
        "Untagged but pinned",
        "Best match",
    ]


def test_drafts_are_never_shown_even_when_pinned(tagged_page, make_news):
    draft = make_news("Draft", ["Cyber", "Sexual"], status="draft")
    PinnedNews.objects.create(page=tagged_page, news_item=draft)
    make_news("Published", ["Cyber"])
    assert titles(panels_for_page(tagged_page).news) == ["Published"]


def test_a_news_item_is_never_related_to_itself(make_news):
    item = make_news("Itself", ["Cyber"], day=5)
    make_news("Other", ["Cyber"], day=1)
    assert titles(related_news_for(item)) == ["Other"]


def test_prosecution_guidance_panel_uses_tags_and_pins(tagged_page, tags):
    def guidance(title, tag_names, updated=None):
        entry = ProsecutionGuidance.objects.create(
            title=title, slug=title.lower(), status="published", updated_on=updated
        )
        entry.tags.set([tags[name] for name in tag_names])
        return entry

    guidance("Undated", ["Cyber"])
    guidance("Dated", ["Cyber"], updated=datetime.date(2018, 5, 23))
    pinned = guidance("Pinned", [])
    PinnedGuidance.objects.create(page=tagged_page, guidance=pinned)
    assert titles(panels_for_page(tagged_page).guidance) == ["Pinned", "Dated", "Undated"]


def test_the_page_shows_both_panels_with_dates_tags_and_view_all_links(
    client, tagged_page, make_news
):
    make_news("Headline", ["Cyber"], day=3)
    html = client.get(tagged_page.get_absolute_url()).text
    assert "Related news" in html
    assert '<time datetime="2020-01-03">3 January 2020</time>' in html
    assert 'href="/tags/cyber/">Cyber</a>' in html
    assert 'href="/news/">View all news</a>' in html


def page_queries(client, page):
    forget_all_pages()  # the cost of rendering the page, not of serving it from the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.get_absolute_url()).status_code == 200
    return len(queries)


def test_a_page_with_panels_costs_the_same_queries_with_5_or_500_news_items(
    client, tagged_page, tags
):
    def add_news(count, start):
        items = NewsItem.objects.bulk_create(
            NewsItem(
                title=f"News {n}",
                slug=f"news-{n}",
                published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                status="published",
            )
            for n in range(start, start + count)
        )
        through = NewsItem.tags.through
        through.objects.bulk_create(
            through(newsitem_id=item.pk, tag_id=tags["Cyber"].pk) for item in items
        )

    add_news(5, 0)
    few = page_queries(client, tagged_page)
    add_news(495, 5)
    many = page_queries(client, tagged_page)
    assert few == many
    assert many <= 7  # with whether the page offers "Exit this page"


def test_the_panel_queries_name_the_tables_the_models_use():
    from publications.related import GUIDANCE, NEWS

    for kind, pin_model in ((NEWS, PinnedNews), (GUIDANCE, PinnedGuidance)):
        through = kind.model.tags.through._meta
        assert kind.items == kind.model._meta.db_table
        assert kind.links == through.db_table
        assert kind.item_column in {f.column for f in through.concrete_fields}
        assert kind.pins == pin_model._meta.db_table
        assert kind.pin_column in {f.column for f in pin_model._meta.concrete_fields}
        assert kind.date_column in {f.column for f in kind.model._meta.concrete_fields}


def test_the_panel_follows_a_news_items_tags_when_they_change(client, tagged_page, make_news, tags):
    moved = make_news("Moves topic", ["Cyber"], day=9)
    make_news("Stays", ["Sexual"], day=1)
    url = tagged_page.get_absolute_url()
    assert "Moves topic" in client.get(url).text
    moved.tags.set([tags["Other"]])
    html = client.get(url).text
    assert "Moves topic" not in html and "Stays" in html
    moved.tags.add(tags["Cyber"], tags["Sexual"])
    assert titles(panels_for_page(tagged_page).news) == ["Moves topic", "Stays"]


def test_an_item_both_pinned_and_tagged_is_shown_once_at_its_pin(tagged_page, make_news):
    both = make_news("Pinned and tagged", ["Cyber", "Sexual"], day=1)
    make_news("Newer", ["Cyber"], day=5)
    PinnedNews.objects.create(page=tagged_page, news_item=both, position=1)
    assert titles(panels_for_page(tagged_page).news) == ["Pinned and tagged", "Newer"]


def test_tags_beside_each_item_are_its_own_sorted_by_name(tagged_page, make_news):
    make_news("Two tags", ["Sexual", "Cyber"], day=1)
    (item,) = panels_for_page(tagged_page).news
    assert [tag.name for tag in item.tag_list] == ["Cyber", "Sexual"]
